func.func @rescale_fp32_scale(%a: tensor<4xi32>) {
  %0 = qedge.rescale %a {scale = array<f32: -0.5>, rounding = #qedge.rounding<fp32>} : tensor<4xi32> -> tensor<4xi8>
  return
}
