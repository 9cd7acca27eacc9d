func.func @int_conv2d_u8_depthwise(%input: tensor<1x6x6x2xi8>, %filter: tensor<2x3x3x1xi8>, %bias: tensor<2xi64>) -> tensor<1x2x2x2xi64> {
  %acc = qedge.int_conv2d %input, %filter, %bias {strides = array<i64: 2, 2>,
      groups = 2 : i64, pad_value = 255 : i64, filter_zp = array<i64: 128, 3>,
      input_unsigned, filter_unsigned}
      : (tensor<1x6x6x2xi8>, tensor<2x3x3x1xi8>, tensor<2xi64>)
      -> tensor<1x2x2x2xi64>
  return %acc : tensor<1x2x2x2xi64>
}
