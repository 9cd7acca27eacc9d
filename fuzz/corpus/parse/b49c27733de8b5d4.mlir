func.func @fp32_wide_bounds(%acc: tensor<4xi32>) -> tensor<4xi32> {
  %0 = qedge.rescale %acc {scale = array<f32: 1.0>, clamp_min = -16777219,
      clamp_max = 16777217, rounding = #qedge.rounding<fp32>}
      : tensor<4xi32> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
