func.func @int_conv_bias_type(%i: tensor<1x4x4x2xi8>, %f: tensor<2x1x1x2xi8>, %b: tensor<2xi64>) {
  %0 = qedge.int_conv2d %i, %f, %b : (tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi64>) -> tensor<1x4x4x2xi32>
  return
}
