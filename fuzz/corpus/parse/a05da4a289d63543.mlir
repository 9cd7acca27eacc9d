func.func @int64_input(%acc: tensor<4xi64>) -> tensor<4xi8> {
  %0 = qedge.rescale %acc {multiplier = array<i32: 1518500250>,
      shift = array<i32: 2>} : tensor<4xi64> -> tensor<4xi8>
  return %0 : tensor<4xi8>
}
