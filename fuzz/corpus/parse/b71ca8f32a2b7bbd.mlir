func.func @conv_storage_pair_u16(%i: tensor<1x4x4x2x!quant.uniform<u16:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.conv2d %i, %f : (tensor<1x4x4x2x!quant.uniform<u16:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}
