func.func @packing(%x: tensor<1x1x2x3xi8>) -> tensor<1x1x2x2xi8> {
  %w = arith.constant dense<[[[[1, 2, 3]]], [[[4, 5, 6]]]]> : tensor<2x1x1x3xi8>
  %b = arith.constant dense<[1000, -5]> : tensor<2xi32>
  %acc = qedge.int_conv2d %x, %w, %b {pad_value = 0 : i64} : (tensor<1x1x2x3xi8>, tensor<2x1x1x3xi8>, tensor<2xi32>) -> tensor<1x1x2x2xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: 0>} : tensor<1x1x2x2xi32> -> tensor<1x1x2x2xi8>
  return %y : tensor<1x1x2x2xi8>
}
