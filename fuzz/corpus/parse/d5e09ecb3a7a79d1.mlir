func.func @conv_result_shape(%i: tensor<1x7x7x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x3x3x2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.conv2d %i, %f {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 0, 0>} : (tensor<1x7x7x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x3x3x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}
