func.func @concat_rank(%a: tensor<2x2x!quant.uniform<i8:f32, 0.1>>, %b: tensor<2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.concat %a, %b {axis = 0 : i64} : (tensor<2x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x2x!quant.uniform<i8:f32, 0.1>>
  return
}
