func.func @rescale_merge(%x: tensor<4xi8>) -> tensor<4xi8> {
  %0 = qedge.rescale %x {multiplier = array<i32: 1073741824>, shift = array<i32: 2>} : tensor<4xi8> -> tensor<4xi16>
  %1 = qedge.rescale %0 {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, output_zp = 3} : tensor<4xi16> -> tensor<4xi8>
  return %1 : tensor<4xi8>
}
