func.func @rescale_fp32_i64(%a: tensor<4xi64>) {
  %0 = qedge.rescale %a {scale = array<f32: 0.5>, rounding = #qedge.rounding<fp32>} : tensor<4xi64> -> tensor<4xi8>
  return
}
