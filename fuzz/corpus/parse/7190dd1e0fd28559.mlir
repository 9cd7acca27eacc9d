func.func @rescale(%acc: tensor<1x8x8x2xi32>, %acc64: tensor<4xi64>, %q: tensor<4xi8>) -> (tensor<1x8x8x2xi8>, tensor<1x8x8x2xi8>, tensor<4xi16>, tensor<4xi8>) {
  %0 = qedge.rescale %acc {multiplier = array<i32: 1073741824, 1518500250>,
      shift = array<i32: -7, -8>, output_zp = -128 : i64,
      clamp_min = -128 : i64, clamp_max = 127 : i64}
      : tensor<1x8x8x2xi32> -> tensor<1x8x8x2xi8>
  %1 = qedge.rescale %acc {scale = array<f32: 0.125>,
      rounding = #qedge.rounding<fp32>, output_unsigned}
      : tensor<1x8x8x2xi32> -> tensor<1x8x8x2xi8>
  %2 = qedge.rescale %acc64 {multiplier = array<i32: 1073741824>,
      shift = array<i32: 7>, rounding = #qedge.rounding<rndnu>}
      : tensor<4xi64> -> tensor<4xi16>
  %3 = qedge.rescale %q {multiplier = array<i32: 1073741824>,
      shift = array<i32: 0>, input_zp = 128 : i64, input_unsigned}
      : tensor<4xi8> -> tensor<4xi8>
  return %0, %1, %2, %3 : tensor<1x8x8x2xi8>, tensor<1x8x8x2xi8>, tensor<4xi16>, tensor<4xi8>
}
