func.func @int_conv_filter_zp_count(%i: tensor<1x4x4x2xi8>, %f: tensor<3x1x1x2xi8>, %b: tensor<3xi32>) {
  %0 = qedge.int_conv2d %i, %f, %b {filter_zp = array<i64: 0, 1>} : (tensor<1x4x4x2xi8>, tensor<3x1x1x2xi8>, tensor<3xi32>) -> tensor<1x4x4x3xi32>
  return
}
