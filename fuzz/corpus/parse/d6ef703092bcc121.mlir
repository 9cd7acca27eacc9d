func.func @conv(%x: tensor<1x5x5x2xi8>) -> tensor<1x5x5x2xi8> attributes {llvm.emit_c_interface} {
  %w = arith.constant dense<3> : tensor<2x3x3x2xi8>
  %b = arith.constant dense<[10, -10]> : tensor<2xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>,
      pad_value = 4, filter_zp = array<i64: 1, 0>}
      : (tensor<1x5x5x2xi8>, tensor<2x3x3x2xi8>, tensor<2xi32>) -> tensor<1x5x5x2xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>,
      shift = array<i32: -4>, output_zp = 3}
      : tensor<1x5x5x2xi32> -> tensor<1x5x5x2xi8>
  return %y : tensor<1x5x5x2xi8>
}
