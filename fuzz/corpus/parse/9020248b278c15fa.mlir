func.func @grouped(%x: tensor<1x4x4x4xi8>) -> tensor<1x4x4x4xi8> {
  %w = arith.constant dense<1> : tensor<4x1x1x2xi8>
  %b = arith.constant dense<0> : tensor<4xi32>
  %acc = qedge.int_conv2d %x, %w, %b {groups = 2 : i64} : (tensor<1x4x4x4xi8>, tensor<4x1x1x2xi8>, tensor<4xi32>) -> tensor<1x4x4x4xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: 0>} : tensor<1x4x4x4xi32> -> tensor<1x4x4x4xi8>
  return %y : tensor<1x4x4x4xi8>
}
