func.func @rescale_missing_multiplier(%a: tensor<4xi32>) {
  %0 = qedge.rescale %a {scale = array<f32: 0.5>} : tensor<4xi32> -> tensor<4xi8>
  return
}
