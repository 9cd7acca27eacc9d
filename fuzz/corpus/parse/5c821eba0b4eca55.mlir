func.func @conv_filter_channels(%i: tensor<1x4x4x6x!quant.uniform<i8:f32, 0.1>>, %f: tensor<4x1x1x6x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.conv2d %i, %f {groups = 2} : (tensor<1x4x4x6x!quant.uniform<i8:f32, 0.1>>, tensor<4x1x1x6x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1>>
  return
}
