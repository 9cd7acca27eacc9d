func.func @rescale_output_zp(%a: tensor<4xi32>) {
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, output_zp = -1, output_unsigned} : tensor<4xi32> -> tensor<4xi8>
  return
}
