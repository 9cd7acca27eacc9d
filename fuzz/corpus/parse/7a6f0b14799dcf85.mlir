func.func @conv_u8_weight_zero_point(%x: tensor<1x3x3x1x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 1.0:3>> {
  %wi = arith.constant dense<[[[[101], [99]], [[100], [104]]], [[[1], [2]], [[3], [4]]]]> : tensor<2x2x2x1xi8>
  %w = quant.scast %wi : tensor<2x2x2x1xi8> to tensor<2x2x2x1x!quant.uniform<u8:f32:0, {0.25:100, 0.5}>>
  %bi = arith.constant dense<[7, -7]> : tensor<2xi32>
  %b = quant.scast %bi : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {0.125, 0.25}>>
  %y = qedge.conv2d %x, %w, %b : (tensor<1x3x3x1x!quant.uniform<u8:f32, 0.5:128>>, tensor<2x2x2x1x!quant.uniform<u8:f32:0, {0.25:100, 0.5}>>, tensor<2x!quant.uniform<i32:f32:0, {0.125, 0.25}>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 1.0:3>>
  return %y : tensor<1x2x2x2x!quant.uniform<u8:f32, 1.0:3>>
}
