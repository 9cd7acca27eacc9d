func.func @conv_clamp_tie(%x: tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5>>) -> (tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5:1>>) {
  %wi = arith.constant dense<1> : tensor<1x1x1x1xi8>
  %w = quant.scast %wi : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
  %0 = qedge.conv2d %x, %w {clamp_min = -1.25 : f32, clamp_max = 1.25 : f32} : (tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5:1>>
  %1 = qedge.conv2d %x, %w {clamp_min = -1.25 : f32, clamp_max = 1.25 : f32, rounding = #qedge.rounding<fp32>} : (tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5:1>>
  return %0, %1 : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5:1>>
}
