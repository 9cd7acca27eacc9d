func.func @depthwise(%x: tensor<1x4x4x2xi8>) -> tensor<1x4x4x2xi8> {
  %w = arith.constant dense<[[[[1], [2], [3]], [[4], [5], [6]], [[7], [8], [9]]], [[[11], [12], [13]], [[14], [15], [16]], [[17], [18], [19]]]]> : tensor<2x3x3x1xi8>
  %b = arith.constant dense<0> : tensor<2xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, groups = 2 : i64} : (tensor<1x4x4x2xi8>, tensor<2x3x3x1xi8>, tensor<2xi32>) -> tensor<1x4x4x2xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: 0>} : tensor<1x4x4x2xi32> -> tensor<1x4x4x2xi8>
  return %y : tensor<1x4x4x2xi8>
}
