func.func @filter_zero_point(%x: tensor<1x4x4x2xi8>, %w: tensor<2x3x3x2xi8>, %b: tensor<2xi64>) -> tensor<1x2x2x2xi64> {
  %0 = qedge.int_conv2d %x, %w, %b {filter_zp = array<i64: 128, 0>,
      input_unsigned, filter_unsigned}
      : (tensor<1x4x4x2xi8>, tensor<2x3x3x2xi8>, tensor<2xi64>) -> tensor<1x2x2x2xi64>
  return %0 : tensor<1x2x2x2xi64>
}
