func.func @add_sub(%a: tensor<1x3x3x4x!quant.uniform<i8:f32, 0.5:3>>, %b: tensor<1x1x1x4x!quant.uniform<i8:f32, 0.25:-2>>) -> (tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>, tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>, tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>) {
  %0 = qedge.add %a, %b {clamp_min = 0.0 : f32} : (tensor<1x3x3x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x1x1x4x!quant.uniform<i8:f32, 0.25:-2>>) -> tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>
  %1 = qedge.sub %b, %a {rounding = #qedge.rounding<fp32>} : (tensor<1x1x1x4x!quant.uniform<i8:f32, 0.25:-2>>, tensor<1x3x3x4x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>
  %2 = qedge.mul %a, %b {rounding = #qedge.rounding<rndnu>} : (tensor<1x3x3x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x1x1x4x!quant.uniform<i8:f32, 0.25:-2>>) -> tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>
  return %0, %1, %2 : tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>, tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>, tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>
}
