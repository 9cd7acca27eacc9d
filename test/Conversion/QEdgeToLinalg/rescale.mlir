// RUN: qedge-opt %s -split-input-file -convert-qedge-to-linalg | FileCheck %s

// gemmlowp, per channel. Derived at compile time from (M0, shift):
//   shift = [-1, 3] -> left shift max(shift, 0) = [0, 3], right shift
//   max(-shift, 0) = [1, 0], RDBPOT mask 2^right - 1 = [1, 0]. All fit in
//   i32; only the product is 64-bit. Channel-invariant values stay scalar
//   constants in the body.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func @gemmlowp
func.func @gemmlowp(%acc: tensor<3x2xi32>) -> tensor<3x2xi8> {
  // CHECK-DAG: %[[M:.*]] = arith.constant dense<[1073741824, 1518500250]> : tensor<2xi32>
  // CHECK-DAG: %[[L:.*]] = arith.constant dense<[0, 3]> : tensor<2xi32>
  // CHECK-DAG: %[[R:.*]] = arith.constant dense<[1, 0]> : tensor<2xi32>
  // CHECK-DAG: %[[K:.*]] = arith.constant dense<[1, 0]> : tensor<2xi32>
  // CHECK: linalg.generic {indexing_maps = [#[[ID]], #[[CH]], #[[CH]], #[[CH]], #[[CH]], #[[ID]]]
  // CHECK-SAME: ins(%{{.*}}, %[[M]], %[[L]], %[[R]], %[[K]] :
  // CHECK: ^bb0(%[[X:.*]]: i32, %[[MV:.*]]: i32, %[[LV:.*]]: i32, %[[RV:.*]]: i32, %[[KV:.*]]: i32, %{{.*}}: i8):
  // Saturating left shift, in 64 bits.
  // CHECK: %[[X64:.*]] = arith.extsi %{{.*}} : i32 to i64
  // CHECK: %[[L64:.*]] = arith.extsi %[[LV]] : i32 to i64
  // CHECK: %[[SH:.*]] = arith.shli %[[X64]], %[[L64]] : i64
  // CHECK: %[[LO:.*]] = arith.maxsi %[[SH]], %{{.*}} : i64
  // CHECK: %[[A64:.*]] = arith.minsi %[[LO]], %{{.*}} : i64
  // CHECK: %[[A:.*]] = arith.trunci %[[A64]] : i64 to i32
  // SRDHM: the nudge and the truncating division by 2^31 are one rounding,
  // (a * M0 + 2^30) >> 31.
  // CHECK: %[[AW:.*]] = arith.extsi %[[A]] : i32 to i64
  // CHECK: %[[MW:.*]] = arith.extsi %[[MV]] : i32 to i64
  // CHECK: %[[AB:.*]] = arith.muli %[[AW]], %[[MW]] : i64
  // CHECK: %[[HALF:.*]] = arith.constant 1073741824 : i64
  // CHECK: %[[SUM:.*]] = arith.addi %[[AB]], %[[HALF]] : i64
  // CHECK: %[[C31:.*]] = arith.constant 31 : i64
  // CHECK: %[[HIGH64:.*]] = arith.shrsi %[[SUM]], %[[C31]] : i64
  // CHECK: %[[HIGH:.*]] = arith.trunci %[[HIGH64]] : i64 to i32
  // RDBPOT in 32 bits: remainder against threshold (mask >> 1) + (x < 0).
  // CHECK: %[[REM:.*]] = arith.andi %[[HIGH]], %[[KV]] : i32
  // CHECK: %[[ONE:.*]] = arith.constant 1 : i32
  // CHECK: %[[HALFMASK:.*]] = arith.shrsi %[[KV]], %[[ONE]] : i32
  // CHECK: %[[SIGN:.*]] = arith.shrsi %[[HIGH]], %{{.*}} : i32
  // CHECK: %[[THRESHOLD:.*]] = arith.subi %[[HALFMASK]], %[[SIGN]] : i32
  // CHECK: %[[UP:.*]] = arith.cmpi sgt, %[[REM]], %[[THRESHOLD]] : i32
  // CHECK: %[[Q:.*]] = arith.shrsi %[[HIGH]], %[[RV]] : i32
  // CHECK: %[[UPI:.*]] = arith.extui %[[UP]] : i1 to i32
  // CHECK: %[[ROUNDED:.*]] = arith.addi %[[Q]], %[[UPI]] : i32
  // Clamp to [lo - Z, hi - Z] = [-128 + 5, 100 + 5], add Z = -5, narrow.
  // CHECK: %[[QMIN:.*]] = arith.constant -123 : i32
  // CHECK: %[[Y1:.*]] = arith.maxsi %[[ROUNDED]], %[[QMIN]] : i32
  // CHECK: %[[CLAMP_MAX:.*]] = arith.constant 105 : i32
  // CHECK: %[[Y2:.*]] = arith.minsi %[[Y1]], %[[CLAMP_MAX]] : i32
  // CHECK: %[[ZP:.*]] = arith.constant -5 : i32
  // CHECK: %[[Y3:.*]] = arith.addi %[[Y2]], %[[ZP]] : i32
  // CHECK: arith.trunci %[[Y3]] : i32 to i8
  %0 = qedge.rescale %acc {multiplier = array<i32: 1073741824, 1518500250>,
      shift = array<i32: -1, 3>, output_zp = -5, clamp_max = 100}
      : tensor<3x2xi32> -> tensor<3x2xi8>
  return %0 : tensor<3x2xi8>
}

// -----

// rndnu, one multiplier for all channels: 31 - e = 32 and the rounding
// offset 2^(30 - e) = 2^31 are body constants.
// CHECK-LABEL: func @rndnu
func.func @rndnu(%q: tensor<4xi8>) -> tensor<4xi16> {
  // CHECK: linalg.generic {{.*}} ins(%{{.*}} : tensor<4xi8>)
  // CHECK: ^bb0(%[[X:.*]]: i8, %{{.*}}: i16):
  // CHECK: %[[W:.*]] = arith.extui %[[X]] : i8 to i32
  // CHECK: %[[ZP:.*]] = arith.constant 128 : i32
  // CHECK: %[[D:.*]] = arith.subi %[[W]], %[[ZP]] : i32
  // CHECK: %[[X64:.*]] = arith.extsi %[[D]] : i32 to i64
  // CHECK: %[[M32:.*]] = arith.constant 1073741824 : i32
  // CHECK: %[[M:.*]] = arith.extsi %[[M32]] : i32 to i64
  // CHECK: %[[P:.*]] = arith.muli %[[X64]], %[[M]] : i64
  // CHECK: %[[ROUND:.*]] = arith.constant 2147483648 : i64
  // CHECK: %[[S:.*]] = arith.addi %[[P]], %[[ROUND]] : i64
  // CHECK: %[[SHIFT:.*]] = arith.constant 32 : i64
  // CHECK: arith.shrsi %[[S]], %[[SHIFT]] : i64
  // CHECK: arith.trunci %{{.*}} : i64 to i32
  // CHECK: arith.trunci %{{.*}} : i32 to i16
  %0 = qedge.rescale %q {multiplier = array<i32: 1073741824>,
      shift = array<i32: -1>, input_zp = 128, input_unsigned,
      rounding = #qedge.rounding<rndnu>}
      : tensor<4xi8> -> tensor<4xi16>
  return %0 : tensor<4xi16>
}

// -----

// An i64 accumulator: TFLite's 64-bit routine. M0 = 1518500250 reduces to
// (M0 + 2^15) >> 16 = 23170; e = 2 gives total shift 15 - 2 = 13 and
// rounding offset 2^12 = 4096. x is first clamped to [-2^47, 2^47 - 1].
// CHECK-LABEL: func @int64_input
func.func @int64_input(%acc: tensor<4xi64>) -> tensor<4xi8> {
  // CHECK: ^bb0(%[[X:.*]]: i64, %{{.*}}: i8):
  // CHECK: %[[MIN:.*]] = arith.constant -140737488355328 : i64
  // CHECK: %[[LO:.*]] = arith.maxsi %[[X]], %[[MIN]] : i64
  // CHECK: %[[MAX:.*]] = arith.constant 140737488355327 : i64
  // CHECK: %[[C:.*]] = arith.minsi %[[LO]], %[[MAX]] : i64
  // CHECK: %[[M:.*]] = arith.constant 23170 : i64
  // CHECK: %[[P:.*]] = arith.muli %[[C]], %[[M]] : i64
  // CHECK: %[[ROUND:.*]] = arith.constant 4096 : i64
  // CHECK: %[[S:.*]] = arith.addi %[[P]], %[[ROUND]] : i64
  // CHECK: %[[SHIFT:.*]] = arith.constant 13 : i64
  // CHECK: arith.shrsi %[[S]], %[[SHIFT]] : i64
  %0 = qedge.rescale %acc {multiplier = array<i32: 1518500250>,
      shift = array<i32: 2>} : tensor<4xi64> -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// fp32: convert, multiply, clamp to [lo - Z, hi - Z] = [0, 255] in float,
// round half to even, clamp to [lo - Z, hi - Z] in 32 bits, add Z.
// CHECK-LABEL: func @fp32
func.func @fp32(%acc: tensor<2x3xi32>) -> tensor<2x3xi8> {
  // CHECK-DAG: %[[S:.*]] = arith.constant dense<[1.250000e-01, 2.500000e-01, 5.000000e-01]> : tensor<3xf32>
  // CHECK: ^bb0(%[[X:.*]]: i32, %[[SV:.*]]: f32, %{{.*}}: i8):
  // CHECK: %[[F:.*]] = arith.sitofp %{{.*}} : i32 to f32
  // CHECK: %[[M:.*]] = arith.mulf %[[F]], %[[SV]] : f32
  // CHECK: %[[FLO:.*]] = arith.constant 0.000000e+00 : f32
  // CHECK: %[[A:.*]] = arith.maximumf %[[M]], %[[FLO]] : f32
  // CHECK: %[[FHI:.*]] = arith.constant 2.550000e+02 : f32
  // CHECK: %[[B:.*]] = arith.minimumf %[[A]], %[[FHI]] : f32
  // CHECK: %[[R:.*]] = math.roundeven %[[B]] : f32
  // CHECK: %[[I:.*]] = arith.fptosi %[[R]] : f32 to i32
  // CHECK: %[[QMIN:.*]] = arith.constant 0 : i32
  // CHECK: %[[Y1:.*]] = arith.maxsi %[[I]], %[[QMIN]] : i32
  // CHECK: %[[QMAX:.*]] = arith.constant 255 : i32
  // CHECK: %[[Y2:.*]] = arith.minsi %[[Y1]], %[[QMAX]] : i32
  // CHECK: %[[ZP:.*]] = arith.constant -128 : i32
  // CHECK: arith.addi %[[Y2]], %[[ZP]] : i32
  %0 = qedge.rescale %acc {scale = array<f32: 0.125, 0.25, 0.5>,
      output_zp = -128, rounding = #qedge.rounding<fp32>}
      : tensor<2x3xi32> -> tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}

// -----

// fp32 with i32 bounds that are not float32 values (spec section 9.3): the
// float clamp rounds them outward, lo - Z = -16777219 down to -16777220
// (0xCB800002) and hi - Z = 16777217 up to 16777218 (0x4B800001), and the
// integer clamp restores [lo - Z, hi - Z] (Z = 0).
// CHECK-LABEL: func @fp32_wide_bounds
func.func @fp32_wide_bounds(%acc: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: %[[M:.*]] = arith.mulf
  // CHECK: %[[FLO:.*]] = arith.constant 0xCB800002 : f32
  // CHECK: %[[A:.*]] = arith.maximumf %[[M]], %[[FLO]] : f32
  // CHECK: %[[FHI:.*]] = arith.constant 0x4B800001 : f32
  // CHECK: arith.minimumf %[[A]], %[[FHI]] : f32
  // CHECK: %[[LO:.*]] = arith.constant -16777219 : i32
  // CHECK: arith.maxsi %{{.*}}, %[[LO]] : i32
  // CHECK: %[[HI:.*]] = arith.constant 16777217 : i32
  // CHECK: arith.minsi %{{.*}}, %[[HI]] : i32
  %0 = qedge.rescale %acc {scale = array<f32: 1.0>, clamp_min = -16777219,
      clamp_max = 16777217, rounding = #qedge.rounding<fp32>}
      : tensor<4xi32> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

// An empty last dimension allows empty parameter arrays: the body never runs,
// but it is still built.
// CHECK-LABEL: func @empty_channels
func.func @empty_channels(%acc: tensor<2x0xi32>) -> tensor<2x0xi8> {
  // CHECK: linalg.generic
  // CHECK-SAME: ins(%{{.*}} : tensor<2x0xi32>)
  %0 = qedge.rescale %acc {multiplier = array<i32>, shift = array<i32>}
      : tensor<2x0xi32> -> tensor<2x0xi8>
  return %0 : tensor<2x0xi8>
}

// -----

// An i32 result with a zero point: lo - Z leaves the i32 range, so the zero
// point and the clamp are 64-bit.
// CHECK-LABEL: func @i32_result_zero_point
func.func @i32_result_zero_point(%acc: tensor<4xi32>) -> tensor<4xi32> {
  // CHECK: %[[ZP:.*]] = arith.constant -100 : i64
  // CHECK: %[[Y0:.*]] = arith.addi %{{.*}}, %[[ZP]] : i64
  // CHECK: %[[MIN:.*]] = arith.constant -2147483648 : i64
  // CHECK: %[[Y1:.*]] = arith.maxsi %[[Y0]], %[[MIN]] : i64
  // CHECK: %[[MAX:.*]] = arith.constant 2147483647 : i64
  // CHECK: %[[Y2:.*]] = arith.minsi %[[Y1]], %[[MAX]] : i64
  // CHECK: arith.trunci %[[Y2]] : i64 to i32
  %0 = qedge.rescale %acc {multiplier = array<i32: 1073741824>,
      shift = array<i32: 1>, output_zp = -100}
      : tensor<4xi32> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
