func.func @int_conv_filter_zp_range(%i: tensor<1x4x4x2xi8>, %f: tensor<2x1x1x2xi8>, %b: tensor<2xi32>) {
  %0 = qedge.int_conv2d %i, %f, %b {filter_zp = array<i64: 0, 256>, input_unsigned, filter_unsigned} : (tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>) -> tensor<1x4x4x2xi32>
  return
}
