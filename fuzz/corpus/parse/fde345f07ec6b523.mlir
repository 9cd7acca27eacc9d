func.func @rescale_no_merge(%x: tensor<4xi8>) -> tensor<4xi8> {
  %0 = qedge.rescale %x {multiplier = array<i32: 1073741824>, shift = array<i32: 0>} : tensor<4xi8> -> tensor<4xi8>
  %1 = qedge.rescale %0 {multiplier = array<i32: 1073741824>, shift = array<i32: 2>} : tensor<4xi8> -> tensor<4xi8>
  return %1 : tensor<4xi8>
}
