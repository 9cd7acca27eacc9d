func.func @rescale_accumulator_zp(%a: tensor<4xi32>) {
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, input_zp = 3} : tensor<4xi32> -> tensor<4xi8>
  return
}
