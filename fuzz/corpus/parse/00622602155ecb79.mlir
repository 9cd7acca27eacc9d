func.func @rescale_negative_multiplier(%a: tensor<4xi32>) {
  %0 = qedge.rescale %a {multiplier = array<i32: -5>, shift = array<i32: 0>} : tensor<4xi32> -> tensor<4xi8>
  return
}
