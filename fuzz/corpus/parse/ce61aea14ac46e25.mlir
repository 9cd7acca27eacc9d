func.func @conv_kernel_too_large(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x3x3x2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.conv2d %i, %f {dilations = array<i64: 2, 1>} : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x3x3x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>>
  return
}
