func.func @rescale_clamp_range(%a: tensor<4xi32>) {
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, clamp_min = -129} : tensor<4xi32> -> tensor<4xi8>
  return
}
