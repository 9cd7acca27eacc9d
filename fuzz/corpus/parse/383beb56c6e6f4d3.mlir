func.func @rescale_scale_channels(%a: tensor<2x3xi32>) {
  %0 = qedge.rescale %a {scale = array<f32: 1.0, 2.0>, rounding = #qedge.rounding<fp32>} : tensor<2x3xi32> -> tensor<2x3xi8>
  return
}
