func.func @conv(%x: tensor<1x8x8x32xi8>) -> tensor<1x8x8x64xi8> {
  %w = arith.constant dense<1> : tensor<64x3x3x32xi8>
  %b = arith.constant dense<0> : tensor<64xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x32xi8>, tensor<64x3x3x32xi8>, tensor<64xi32>) -> tensor<1x8x8x64xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -4>} : tensor<1x8x8x64xi32> -> tensor<1x8x8x64xi8>
  return %y : tensor<1x8x8x64xi8>
}
