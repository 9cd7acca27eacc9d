func.func @add_i32(%a: tensor<4x!quant.uniform<i32:f32, 0.1>>) {
  %0 = qedge.add %a, %a : (tensor<4x!quant.uniform<i32:f32, 0.1>>, tensor<4x!quant.uniform<i32:f32, 0.1>>) -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}
