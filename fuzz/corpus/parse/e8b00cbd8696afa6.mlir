func.func @concat_per_axis(%a: tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) {
  %0 = qedge.concat %a {axis = 0 : i64} : (tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.1>>
  return
}
