func.func @rescale_constant() -> tensor<3xi8> {
  %c = arith.constant dense<[3, -3, 5]> : tensor<3xi32>
  %0 = qedge.rescale %c {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, output_zp = 1} : tensor<3xi32> -> tensor<3xi8>
  return %0 : tensor<3xi8>
}
