func.func @rescale_input_zp(%a: tensor<4xi8>) {
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, input_zp = 200} : tensor<4xi8> -> tensor<4xi8>
  return
}
