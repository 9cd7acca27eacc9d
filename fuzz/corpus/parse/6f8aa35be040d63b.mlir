func.func @conv_dilations(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.conv2d %i, %f {dilations = array<i64: 1, 1, 1>} : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}
