func.func @rndnu(%q: tensor<4xi8>) -> tensor<4xi16> {
  %0 = qedge.rescale %q {multiplier = array<i32: 1073741824>,
      shift = array<i32: -1>, input_zp = 128, input_unsigned,
      rounding = #qedge.rounding<rndnu>}
      : tensor<4xi8> -> tensor<4xi16>
  return %0 : tensor<4xi16>
}
