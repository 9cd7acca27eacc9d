func.func @add_float(%a: tensor<4xf32>) {
  %0 = qedge.add %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}
