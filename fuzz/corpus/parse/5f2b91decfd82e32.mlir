func.func @clamp_ties(%x: tensor<4x!quant.uniform<i8:f32, 1.0>>) -> (tensor<4x!quant.uniform<i8:f32, 1.0>>, tensor<4x!quant.uniform<i8:f32, 1.0>>) {
  %0 = qedge.clamp %x {clamp_max = 2.5 : f32} : tensor<4x!quant.uniform<i8:f32, 1.0>>
  %1 = qedge.clamp %x {clamp_max = 2.5 : f32, rounding = #qedge.rounding<fp32>} : tensor<4x!quant.uniform<i8:f32, 1.0>>
  return %0, %1 : tensor<4x!quant.uniform<i8:f32, 1.0>>, tensor<4x!quant.uniform<i8:f32, 1.0>>
}
