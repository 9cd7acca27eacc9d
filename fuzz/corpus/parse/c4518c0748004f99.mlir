func.func @rescale_accumulator_unsigned(%a: tensor<4xi32>) {
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, input_unsigned} : tensor<4xi32> -> tensor<4xi8>
  return
}
