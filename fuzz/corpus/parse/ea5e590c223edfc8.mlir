func.func @concat_axis(%a: tensor<2x2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.concat %a {axis = 2 : i64} : (tensor<2x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.1>>
  return
}
