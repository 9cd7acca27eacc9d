func.func @int_conv_bias_size(%i: tensor<1x4x4x2xi8>, %f: tensor<2x1x1x2xi8>, %b: tensor<3xi32>) {
  %0 = qedge.int_conv2d %i, %f, %b : (tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>, tensor<3xi32>) -> tensor<1x4x4x2xi32>
  return
}
