func.func @rescale_shift_range_i64(%a: tensor<4xi64>) {
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 8>} : tensor<4xi64> -> tensor<4xi8>
  return
}
