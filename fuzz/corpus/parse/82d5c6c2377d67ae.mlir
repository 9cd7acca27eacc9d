func.func @conv_input_per_axis(%i: tensor<1x4x4x2x!quant.uniform<i8:f32:3, {0.1, 0.2}>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.conv2d %i, %f : (tensor<1x4x4x2x!quant.uniform<i8:f32:3, {0.1, 0.2}>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}
