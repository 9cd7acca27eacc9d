func.func @requantize(%x: tensor<8x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<8x!quant.uniform<i8<-8:7>:f32, 0.125:2>> {
  %0 = qedge.requantize %x : tensor<8x!quant.uniform<u8:f32, 0.5:128>> -> tensor<8x!quant.uniform<i8<-8:7>:f32, 0.125:2>>
  return %0 : tensor<8x!quant.uniform<i8<-8:7>:f32, 0.125:2>>
}
