func.func @rescale_not_identity(%x: tensor<4xi8>) -> tensor<4xi8> {
  %0 = qedge.rescale %x {multiplier = array<i32: 1073741824>, shift = array<i32: 1>, clamp_max = 100} : tensor<4xi8> -> tensor<4xi8>
  return %0 : tensor<4xi8>
}
