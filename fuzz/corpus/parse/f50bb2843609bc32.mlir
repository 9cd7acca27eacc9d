func.func @add_dynamic(%a: tensor<?x4x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.add %a, %a : (tensor<?x4x!quant.uniform<i8:f32, 0.1>>, tensor<?x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<?x4x!quant.uniform<i8:f32, 0.1>>
  return
}
