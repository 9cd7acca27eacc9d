func.func @empty_channels(%acc: tensor<2x0xi32>) -> tensor<2x0xi8> {
  %0 = qedge.rescale %acc {multiplier = array<i32>, shift = array<i32>}
      : tensor<2x0xi32> -> tensor<2x0xi8>
  return %0 : tensor<2x0xi8>
}
