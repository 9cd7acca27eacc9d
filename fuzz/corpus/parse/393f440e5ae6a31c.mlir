func.func @concat(%a: tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:1>>, %b: tensor<1x2x2x1x!quant.uniform<i8:f32, 0.25:1>>) -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:1>> {
  %0 = qedge.concat %a, %b {axis = 3 : i64} : (tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x2x2x1x!quant.uniform<i8:f32, 0.25:1>>) -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:1>>
  return %0 : tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:1>>
}
