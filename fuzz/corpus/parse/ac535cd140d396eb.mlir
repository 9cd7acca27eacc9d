func.func @int_conv2d(%input: tensor<1x8x8x3xi8>, %filter: tensor<4x3x3x3xi8>, %bias: tensor<4xi32>) -> tensor<1x8x8x4xi32> {
  %acc = qedge.int_conv2d %input, %filter, %bias {
      padding = array<i64: 1, 1, 1, 1>, pad_value = -3 : i64}
      : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>, tensor<4xi32>)
      -> tensor<1x8x8x4xi32>
  return %acc : tensor<1x8x8x4xi32>
}
