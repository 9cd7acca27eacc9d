func.func @mul_clamp(%a: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.mul %a, %a {clamp_min = 0x7FC00000 : f32} : (tensor<4x!quant.uniform<i8:f32, 0.1>>, tensor<4x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}
