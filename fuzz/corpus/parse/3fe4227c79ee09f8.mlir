func.func @conv_huge_dilation(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x3x1x2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.conv2d %i, %f {dilations = array<i64: 4611686018427387904, 1>} : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x3x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}
