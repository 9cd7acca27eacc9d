func.func @dequantize(%arg0: tensor<16x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<16xf32> {
  %0 = qedge.dequantize %arg0 : tensor<16x!quant.uniform<u8:f32, 0.1:128>>
      -> tensor<16xf32>
  return %0 : tensor<16xf32>
}
