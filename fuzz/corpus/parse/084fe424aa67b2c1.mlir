func.func @grouped(%x: tensor<1x9x5x4xi8>, %w: tensor<6x2x3x2xi8>, %b: tensor<6xi32>) -> tensor<1x5x5x6xi32> {
  %0 = qedge.int_conv2d %x, %w, %b {strides = array<i64: 2, 1>,
      padding = array<i64: 1, 2, 1, 1>, dilations = array<i64: 3, 1>,
      groups = 2, pad_value = -7}
      : (tensor<1x9x5x4xi8>, tensor<6x2x3x2xi8>, tensor<6xi32>) -> tensor<1x5x5x6xi32>
  return %0 : tensor<1x5x5x6xi32>
}
