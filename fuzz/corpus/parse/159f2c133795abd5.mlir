func.func @conv_dynamic(%i: tensor<?x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.conv2d %i, %f : (tensor<?x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<?x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}
