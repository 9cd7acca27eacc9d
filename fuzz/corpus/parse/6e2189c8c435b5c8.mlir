func.func @fp32(%acc: tensor<2x3xi32>) -> tensor<2x3xi8> {
  %0 = qedge.rescale %acc {scale = array<f32: 0.125, 0.25, 0.5>,
      output_zp = -128, rounding = #qedge.rounding<fp32>}
      : tensor<2x3xi32> -> tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}
