func.func @rescale_fp32_needs_scale(%a: tensor<4xi32>) {
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, rounding = #qedge.rounding<fp32>} : tensor<4xi32> -> tensor<4xi8>
  return
}
