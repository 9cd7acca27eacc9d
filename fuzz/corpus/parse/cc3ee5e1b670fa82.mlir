func.func @conv_per_channel(%x: tensor<1x3x3x1x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x1x2x!quant.uniform<i8:f32, 0.25>> {
  %wi = arith.constant dense<1> : tensor<2x3x3x1xi8>
  %w = quant.scast %wi : tensor<2x3x3x1xi8> to tensor<2x3x3x1x!quant.uniform<i8:f32:0, {0.375, 0.75}>>
  %y = qedge.conv2d %x, %w : (tensor<1x3x3x1x!quant.uniform<i8:f32, 0.5>>, tensor<2x3x3x1x!quant.uniform<i8:f32:0, {0.375, 0.75}>>) -> tensor<1x1x1x2x!quant.uniform<i8:f32, 0.25>>
  return %y : tensor<1x1x1x2x!quant.uniform<i8:f32, 0.25>>
}
