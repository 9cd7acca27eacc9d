func.func @requant(%a: tensor<6x!quant.uniform<u8:f32, 0.5:128>>)
    -> tensor<6x!quant.uniform<i8:f32, 1.0>> {
  %0 = qedge.requantize %a : tensor<6x!quant.uniform<u8:f32, 0.5:128>>
      -> tensor<6x!quant.uniform<i8:f32, 1.0>>
  return %0 : tensor<6x!quant.uniform<i8:f32, 1.0>>
}
