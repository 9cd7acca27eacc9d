func.func @conv_bias_storage(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>, %b: tensor<2x!quant.uniform<i8:f32, 0.01>>) {
  %0 = qedge.conv2d %i, %f, %b : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x!quant.uniform<i8:f32, 0.01>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}
