func.func @filter_not_constant(%x: tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, %w: tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>> {
  %y = qedge.conv2d %x, %w : (tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
  return %y : tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
}
