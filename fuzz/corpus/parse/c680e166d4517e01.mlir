func.func @padded(%x: tensor<1x6x5x16xi8>) -> tensor<1x6x5x32xi8> {
  %w = arith.constant dense<1> : tensor<32x3x3x16xi8>
  %b = arith.constant dense<7> : tensor<32xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, pad_value = -3 : i64} : (tensor<1x6x5x16xi8>, tensor<32x3x3x16xi8>, tensor<32xi32>) -> tensor<1x6x5x32xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -3>, rounding = #qedge.rounding<rndnu>} : tensor<1x6x5x32xi32> -> tensor<1x6x5x32xi8>
  return %y : tensor<1x6x5x32xi8>
}
