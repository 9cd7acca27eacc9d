func.func @concat_dynamic(%a: tensor<?x2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.concat %a {axis = 0 : i64} : (tensor<?x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<?x2x!quant.uniform<i8:f32, 0.1>>
  return
}
