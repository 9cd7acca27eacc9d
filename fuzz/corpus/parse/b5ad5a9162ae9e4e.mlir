func.func @matmul_batch(%a: tensor<2x2x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<3x3x2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.matmul %a, %b : (tensor<2x2x3x!quant.uniform<i8:f32, 0.1>>, tensor<3x3x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x2x2x!quant.uniform<i8:f32, 0.1>>
  return
}
