func.func @add_clamp(%a: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.add %a, %a {clamp_min = 1.0 : f32, clamp_max = 0.0 : f32} : (tensor<4x!quant.uniform<i8:f32, 0.1>>, tensor<4x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}
