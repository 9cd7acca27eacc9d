func.func @conv_input_channels_groups(%i: tensor<1x4x4x6x!quant.uniform<i8:f32, 0.1>>, %f: tensor<4x1x1x1x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.conv2d %i, %f {groups = 4} : (tensor<1x4x4x6x!quant.uniform<i8:f32, 0.1>>, tensor<4x1x1x1x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1>>
  return
}
