func.func @packing(%x: tensor<1x2x3x5xi8>) -> tensor<1x2x3x5xi8> {
  %w = arith.constant dense<[[[[1, 1, 1, 1, 1]]], [[[2, 2, 2, 2, 2]]], [[[3, 3, 3, 3, 3]]], [[[4, 4, 4, 4, 4]]], [[[-128, 127, 0, -1, 5]]]]> : tensor<5x1x1x5xi8>
  %b = arith.constant dense<[0, 10, 20, 30, 40]> : tensor<5xi32>
  %acc = qedge.int_conv2d %x, %w, %b {input_unsigned, pad_value = 0 : i64} : (tensor<1x2x3x5xi8>, tensor<5x1x1x5xi8>, tensor<5xi32>) -> tensor<1x2x3x5xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -2>, output_zp = -5} : tensor<1x2x3x5xi32> -> tensor<1x2x3x5xi8>
  return %y : tensor<1x2x3x5xi8>
}
