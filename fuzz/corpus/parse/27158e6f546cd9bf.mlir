func.func @conv_relu6(%x: tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.05:-10>> {
  %wi = arith.constant dense<1> : tensor<1x1x1x1xi8>
  %w = quant.scast %wi : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
  %y = qedge.conv2d %x, %w {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : (tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.05:-10>>
  return %y : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.05:-10>>
}
