func.func @add(%a: tensor<1x2x3x4x!quant.uniform<i8:f32, 0.5:3>>, %b: tensor<1x1x1x4x!quant.uniform<i8:f32, 0.25:-2>>) -> tensor<1x2x3x4x!quant.uniform<i8:f32, 1.0:5>> {
  %0 = qedge.add %a, %b {clamp_min = 0.0 : f32} : (tensor<1x2x3x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x1x1x4x!quant.uniform<i8:f32, 0.25:-2>>) -> tensor<1x2x3x4x!quant.uniform<i8:f32, 1.0:5>>
  return %0 : tensor<1x2x3x4x!quant.uniform<i8:f32, 1.0:5>>
}
