func.func @conv_bias_zero_point(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>, %b: tensor<2x!quant.uniform<i32:f32, 0.01:1>>) {
  %0 = qedge.conv2d %i, %f, %b : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x!quant.uniform<i32:f32, 0.01:1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}
