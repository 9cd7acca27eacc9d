func.func @mul(%a: tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:1>>, %b: tensor<1x1x1x3x!quant.uniform<i8:f32, 0.25:-3>>) -> (tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:2>>, tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:2>>) {
  %0 = qedge.mul %a, %b {clamp_min = 0.0 : f32} : (tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x1x3x!quant.uniform<i8:f32, 0.25:-3>>) -> tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:2>>
  %1 = qedge.mul %a, %b {rounding = #qedge.rounding<fp32>} : (tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x1x3x!quant.uniform<i8:f32, 0.25:-3>>) -> tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:2>>
  return %0, %1 : tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:2>>, tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:2>>
}
