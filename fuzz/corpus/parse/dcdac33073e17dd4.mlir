func.func @int_conv_accumulator(%i: tensor<1x4x4x2xi8>, %f: tensor<2x1x1x2xi8>, %b: tensor<2xi16>) {
  %0 = qedge.int_conv2d %i, %f, %b : (tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi16>) -> tensor<1x4x4x2xi16>
  return
}
