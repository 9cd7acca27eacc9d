func.func @rescale_shift_range_low(%a: tensor<4xi32>) {
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: -32>, rounding = #qedge.rounding<rndnu>} : tensor<4xi32> -> tensor<4xi8>
  return
}
