func.func @matmul_dynamic(%a: tensor<?x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<3x2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.matmul %a, %b : (tensor<?x3x!quant.uniform<i8:f32, 0.1>>, tensor<3x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<?x2x!quant.uniform<i8:f32, 0.1>>
  return
}
