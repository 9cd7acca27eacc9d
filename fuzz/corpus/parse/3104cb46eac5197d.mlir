func.func @gemmlowp(%acc: tensor<3x2xi32>) -> tensor<3x2xi8> {
  %0 = qedge.rescale %acc {multiplier = array<i32: 1073741824, 1518500250>,
      shift = array<i32: -1, 3>, output_zp = -5, clamp_max = 100}
      : tensor<3x2xi32> -> tensor<3x2xi8>
  return %0 : tensor<3x2xi8>
}
