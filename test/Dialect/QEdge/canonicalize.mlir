// RUN: qedge-opt %s -split-input-file -canonicalize | FileCheck %s

// CHECK-LABEL: func @quantize_of_dequantize
// CHECK-SAME: (%[[ARG:.*]]: tensor
func.func @quantize_of_dequantize(%arg0: tensor<4x!quant.uniform<i8:f32, 0.1:-3>>) -> tensor<4x!quant.uniform<i8:f32, 0.1:-3>> {
  // CHECK-NOT: qedge.
  // CHECK: return %[[ARG]]
  %0 = qedge.dequantize %arg0 : tensor<4x!quant.uniform<i8:f32, 0.1:-3>> -> tensor<4xf32>
  %1 = qedge.quantize %0 : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.1:-3>>
  return %1 : tensor<4x!quant.uniform<i8:f32, 0.1:-3>>
}

// -----

// A different scale is a real requantization: keep both ops.
// CHECK-LABEL: func @quantize_of_dequantize_other_type
func.func @quantize_of_dequantize_other_type(%arg0: tensor<4x!quant.uniform<i8:f32, 0.1:-3>>) -> tensor<4x!quant.uniform<i8:f32, 0.2:-3>> {
  // CHECK: qedge.dequantize
  // CHECK: qedge.quantize
  %0 = qedge.dequantize %arg0 : tensor<4x!quant.uniform<i8:f32, 0.1:-3>> -> tensor<4xf32>
  %1 = qedge.quantize %0 : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.2:-3>>
  return %1 : tensor<4x!quant.uniform<i8:f32, 0.2:-3>>
}

// -----

// dequantize(quantize(x)) is the quantization itself: never folded.
// CHECK-LABEL: func @dequantize_of_quantize
func.func @dequantize_of_quantize(%arg0: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: %[[Q:.*]] = qedge.quantize
  // CHECK: %[[R:.*]] = qedge.dequantize %[[Q]]
  // CHECK: return %[[R]]
  %0 = qedge.quantize %arg0 : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.1:-3>>
  %1 = qedge.dequantize %0 : tensor<4x!quant.uniform<i8:f32, 0.1:-3>> -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Values derived by hand, in float32 with S = fl32(0.1), Z = -3, int8:
//   0.25 / S = 2.5 (exactly, after rounding to f32) -> rne 2 -> -1
//  -0.05 / S = -0.5 -> rne -0 -> -3
//   0.15 / S = 1.5 -> rne 2 -> -1
//   100 / S = 1000 -> 997 -> saturates to 127; -100 -> -1003 -> -128
//   0 -> -3; NaN -> Z = -3; +Inf -> 127; -Inf -> -128
// CHECK-LABEL: func @quantize_constant
func.func @quantize_constant() -> tensor<9x!quant.uniform<i8:f32, 0.1:-3>> {
  // CHECK: %[[C:.*]] = arith.constant dense<[-1, -3, -1, 127, -128, -3, -3, 127, -128]> : tensor<9xi8>
  // CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<9xi8> to tensor<9x!quant.uniform<i8:f32, 1.000000e-01:-3>>
  // CHECK: return %[[Q]]
  %cst = arith.constant dense<[0.25, -0.05, 0.15, 100.0, -100.0, 0.0, 0x7FC00000, 0x7F800000, 0xFF800000]> : tensor<9xf32>
  %0 = qedge.quantize %cst : tensor<9xf32> -> tensor<9x!quant.uniform<i8:f32, 0.1:-3>>
  return %0 : tensor<9x!quant.uniform<i8:f32, 0.1:-3>>
}

// -----

// S = fl32(0.3): r = 1.65 and 2.25 divide to 5.4999995 and 7.4999995 (5, 7),
// but times fl32(1 / S) give the ties 5.5 and 7.5 (6, 8 half to even); -1.65
// gives -5 and -6.
// CHECK-LABEL: func @quantize_constant_qnnpack
func.func @quantize_constant_qnnpack() -> (tensor<3x!quant.uniform<i8:f32, 0.3>>, tensor<3x!quant.uniform<i8:f32, 0.3>>) {
  // CHECK-DAG: arith.constant dense<[5, 7, -5]> : tensor<3xi8>
  // CHECK-DAG: arith.constant dense<[6, 8, -6]> : tensor<3xi8>
  %cst = arith.constant dense<[1.65, 2.25, -1.65]> : tensor<3xf32>
  %0 = qedge.quantize %cst : tensor<3xf32> -> tensor<3x!quant.uniform<i8:f32, 0.3>>
  %1 = qedge.quantize %cst {rounding = #qedge.rounding<qnnpack>} : tensor<3xf32> -> tensor<3x!quant.uniform<i8:f32, 0.3>>
  return %0, %1 : tensor<3x!quant.uniform<i8:f32, 0.3>>, tensor<3x!quant.uniform<i8:f32, 0.3>>
}

// -----

// Per-axis on dimension 0, u8 storage (printed as signless i8):
//   row 0 (S = 0.5, Z = 0):   1.0 -> 2;  -1.0 -> -2 -> 0
//   row 1 (S = 0.25, Z = 10): 0.125 -> 0.5 -> rne 0 -> 10;  63.9 -> 255.6 -> 256 -> 266 -> 255 (-1 as i8)
// CHECK-LABEL: func @quantize_constant_per_axis
func.func @quantize_constant_per_axis() -> tensor<2x2x!quant.uniform<u8:f32:0, {0.5, 0.25:10}>> {
  // CHECK: arith.constant dense<{{\[}}[2, 0], [10, -1]]> : tensor<2x2xi8>
  // CHECK: quant.scast
  %cst = arith.constant dense<[[1.0, -1.0], [0.125, 63.9]]> : tensor<2x2xf32>
  %0 = qedge.quantize %cst : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<u8:f32:0, {0.5, 0.25:10}>>
  return %0 : tensor<2x2x!quant.uniform<u8:f32:0, {0.5, 0.25:10}>>
}

// -----

// Per-axis on the last dimension, 4-bit storage in i8 ([-8, 7]), S = {1, 2}:
//   [[3.0, 3.0], [-20.0, 15.0]] -> [[3, 2 (1.5 -> rne 2)], [-8, 7]]
// CHECK-LABEL: func @quantize_constant_nbit
func.func @quantize_constant_nbit() -> tensor<2x2x!quant.uniform<i8<-8:7>:f32:1, {1.0, 2.0}>> {
  // CHECK: arith.constant dense<{{\[}}[3, 2], [-8, 7]]> : tensor<2x2xi8>
  %cst = arith.constant dense<[[3.0, 3.0], [-20.0, 15.0]]> : tensor<2x2xf32>
  %0 = qedge.quantize %cst : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8<-8:7>:f32:1, {1.0, 2.0}>>
  return %0 : tensor<2x2x!quant.uniform<i8<-8:7>:f32:1, {1.0, 2.0}>>
}

// -----

// CHECK-LABEL: func @requantize_same_type
// CHECK-SAME: (%[[ARG:.*]]: tensor
func.func @requantize_same_type(%arg0: tensor<4x!quant.uniform<i8:f32, 0.1:-3>>) -> tensor<4x!quant.uniform<i8:f32, 0.1:-3>> {
  // CHECK-NOT: qedge.requantize
  // CHECK: return %[[ARG]]
  %0 = qedge.requantize %arg0 {rounding = #qedge.rounding<fp32>} : tensor<4x!quant.uniform<i8:f32, 0.1:-3>> -> tensor<4x!quant.uniform<i8:f32, 0.1:-3>>
  return %0 : tensor<4x!quant.uniform<i8:f32, 0.1:-3>>
}

// -----

// CHECK-LABEL: func @requantize_other_type
func.func @requantize_other_type(%arg0: tensor<4x!quant.uniform<i8:f32, 0.1:-3>>) -> tensor<4x!quant.uniform<i8:f32, 0.1:-2>> {
  // CHECK: qedge.requantize
  %0 = qedge.requantize %arg0 : tensor<4x!quant.uniform<i8:f32, 0.1:-3>> -> tensor<4x!quant.uniform<i8:f32, 0.1:-2>>
  return %0 : tensor<4x!quant.uniform<i8:f32, 0.1:-2>>
}

// -----

// Calibration markers are not dead code: two of them observe two tensors.
// CHECK-LABEL: func @calibrate_kept
func.func @calibrate_kept(%arg0: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK-COUNT-3: qedge.calibrate
  %0 = qedge.calibrate %arg0 : tensor<4xf32>
  %1 = qedge.calibrate %arg0 : tensor<4xf32>
  %2 = qedge.calibrate %arg0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// qedge.rescale
//===----------------------------------------------------------------------===//

// M0 = 2^30, e = 1 is M = 1: x * 2 (no saturation for i8), then
// SRDHM(2x, 2^30) = 2x * 2^30 / 2^31 = x exactly. Same type, zero points and
// full range: the identity on every i8 value.
// CHECK-LABEL: func @rescale_identity
// CHECK-SAME: (%[[X:.*]]: tensor<4xi8>)
func.func @rescale_identity(%x: tensor<4xi8>) -> tensor<4xi8> {
  // CHECK-NOT: qedge.rescale
  // CHECK: return %[[X]]
  %0 = qedge.rescale %x {multiplier = array<i32: 1073741824>, shift = array<i32: 1>} : tensor<4xi8> -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// A narrower clamp is not the identity.
// CHECK-LABEL: func @rescale_not_identity
func.func @rescale_not_identity(%x: tensor<4xi8>) -> tensor<4xi8> {
  // CHECK: qedge.rescale
  %0 = qedge.rescale %x {multiplier = array<i32: 1073741824>, shift = array<i32: 1>, clamp_max = 100} : tensor<4xi8> -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// x * 2 into i16 (exact), then / 2 (exact on even values) with Z = 3: the
// pair equals one rescale by M = 1 for every i8 x. Merged: M0 = 2^30, e = 1.
// CHECK-LABEL: func @rescale_merge
// CHECK-SAME: (%[[X:.*]]: tensor<4xi8>)
func.func @rescale_merge(%x: tensor<4xi8>) -> tensor<4xi8> {
  // CHECK: %[[Y:.*]] = qedge.rescale %[[X]] {clamp_max = 127 : i64, clamp_min = -128 : i64, multiplier = array<i32: 1073741824>, output_zp = 3 : i64, shift = array<i32: 1>} : tensor<4xi8> -> tensor<4xi8>
  // CHECK-NOT: qedge.rescale
  // CHECK: return %[[Y]]
  %0 = qedge.rescale %x {multiplier = array<i32: 1073741824>, shift = array<i32: 2>} : tensor<4xi8> -> tensor<4xi16>
  %1 = qedge.rescale %0 {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, output_zp = 3} : tensor<4xi16> -> tensor<4xi8>
  return %1 : tensor<4xi8>
}

// -----

// x / 2 rounds odd values; doubling again does not give x back, so the pair
// is not one rescale by M = 1 and must not merge.
// CHECK-LABEL: func @rescale_no_merge
func.func @rescale_no_merge(%x: tensor<4xi8>) -> tensor<4xi8> {
  // CHECK-COUNT-2: qedge.rescale
  %0 = qedge.rescale %x {multiplier = array<i32: 1073741824>, shift = array<i32: 0>} : tensor<4xi8> -> tensor<4xi8>
  %1 = qedge.rescale %0 {multiplier = array<i32: 1073741824>, shift = array<i32: 2>} : tensor<4xi8> -> tensor<4xi8>
  return %1 : tensor<4xi8>
}

// -----

// A constant input folds. M0 = 2^30, e = 0 is M = 0.5 in gemmlowp; SRDHM
// rounds ties toward +infinity: 3 -> 1.5 -> 2, -3 -> -1.5 -> -1,
// 5 -> 2.5 -> 3, then + Z = 1.
// CHECK-LABEL: func @rescale_constant
func.func @rescale_constant() -> tensor<3xi8> {
  // CHECK: %[[C:.*]] = arith.constant dense<[3, 0, 4]> : tensor<3xi8>
  // CHECK: return %[[C]]
  %c = arith.constant dense<[3, -3, 5]> : tensor<3xi32>
  %0 = qedge.rescale %c {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, output_zp = 1} : tensor<3xi32> -> tensor<3xi8>
  return %0 : tensor<3xi8>
}
