// RUN: qedge-opt %s -split-input-file -qedge-fold-quant | FileCheck %s

// Per-tensor s8 x s8. M = S_in * S_w / S_out = 0.5 * 0.25 / 1.0 = 0.125
// = 0.5 * 2^-2, so M0 = 0.5 * 2^31 = 1073741824 and e = -2.
// Zero points: Zx = 1, Zw = 0, K = 1 * 1 * 2 = 2, Σw = 2 + (-3) = -1:
// bias' = b - Zx Σw + K Zx Zw = 10 - 1 * (-1) + 0 = 11. The input is padded
// with Zx = 1. |x - Zx| <= 129, Σ|w| = 5, |b| = 10: i32.
// CHECK-LABEL: func @conv_per_tensor
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xi8>) -> tensor<1x4x4x1xi8>
func.func @conv_per_tensor(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x4x4x1x!quant.uniform<i8:f32, 1.0:-4>> {
  // CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2, -3]]]]> : tensor<1x1x1x2xi8>
  // CHECK-DAG: %[[B:.*]] = arith.constant dense<11> : tensor<1xi32>
  // CHECK: %[[ACC:.*]] = qedge.int_conv2d %[[X]], %[[W]], %[[B]] {pad_value = 1 : i64} : (tensor<1x4x4x2xi8>, tensor<1x1x1x2xi8>, tensor<1xi32>) -> tensor<1x4x4x1xi32>
  // CHECK: %[[Y:.*]] = qedge.rescale %[[ACC]] {clamp_max = 127 : i64, clamp_min = -128 : i64, multiplier = array<i32: 1073741824>, output_zp = -4 : i64, shift = array<i32: -2>} : tensor<1x4x4x1xi32> -> tensor<1x4x4x1xi8>
  // CHECK: return %[[Y]] : tensor<1x4x4x1xi8>
  %wi = arith.constant dense<[[[[2, -3]]]]> : tensor<1x1x1x2xi8>
  %w = quant.scast %wi : tensor<1x1x1x2xi8> to tensor<1x1x1x2x!quant.uniform<i8:f32, 0.25>>
  %bi = arith.constant dense<10> : tensor<1xi32>
  %b = quant.scast %bi : tensor<1xi32> to tensor<1x!quant.uniform<i32:f32, 0.125>>
  %y = qedge.conv2d %x, %w, %b : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x1x2x!quant.uniform<i8:f32, 0.25>>, tensor<1x!quant.uniform<i32:f32, 0.125>>) -> tensor<1x4x4x1x!quant.uniform<i8:f32, 1.0:-4>>
  return %y : tensor<1x4x4x1x!quant.uniform<i8:f32, 1.0:-4>>
}

// -----

// Per-channel weights: M = 0.5 * {0.375, 0.75} / 0.25 = {0.75, 1.5}
// = {0.75 * 2^0, 0.75 * 2^1}: M0 = 0.75 * 2^31 = 1610612736 for both,
// e = {0, 1}.
// CHECK-LABEL: func @conv_per_channel
func.func @conv_per_channel(%x: tensor<1x3x3x1x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x1x1x2x!quant.uniform<i8:f32, 0.25>> {
  // CHECK: qedge.rescale %{{.*}} {clamp_max = 127 : i64, clamp_min = -128 : i64, multiplier = array<i32: 1610612736, 1610612736>, shift = array<i32: 0, 1>}
  %wi = arith.constant dense<1> : tensor<2x3x3x1xi8>
  %w = quant.scast %wi : tensor<2x3x3x1xi8> to tensor<2x3x3x1x!quant.uniform<i8:f32:0, {0.375, 0.75}>>
  %y = qedge.conv2d %x, %w : (tensor<1x3x3x1x!quant.uniform<i8:f32, 0.5>>, tensor<2x3x3x1x!quant.uniform<i8:f32:0, {0.375, 0.75}>>) -> tensor<1x1x1x2x!quant.uniform<i8:f32, 0.25>>
  return %y : tensor<1x1x1x2x!quant.uniform<i8:f32, 0.25>>
}

// -----

// A multiplier that is not a power of two: M = 1 * 1 / 3. In double,
// 1/3 = 0.6666666666666666 * 2^-1; 0.6666666666666666 * 2^31 =
// 1431655765.33, rounded to 1431655765; e = -1. In rndnu the same pair.
// In fp32 the multiplier is fl32(fl32(1 * 1) / 3) = 0.333333343.
// CHECK-LABEL: func @conv_third
func.func @conv_third(%x: tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> (tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>) {
  // CHECK: qedge.rescale %{{.*}} {clamp_max = 127 : i64, clamp_min = -128 : i64, multiplier = array<i32: 1431655765>, shift = array<i32: -1>}
  // CHECK: qedge.rescale %{{.*}} {clamp_max = 127 : i64, clamp_min = -128 : i64, multiplier = array<i32: 1431655765>, rounding = #qedge.rounding<rndnu>, shift = array<i32: -1>}
  // CHECK: qedge.rescale %{{.*}} {clamp_max = 127 : i64, clamp_min = -128 : i64, rounding = #qedge.rounding<fp32>, scale = array<f32: 0.333333343>}
  %wi = arith.constant dense<1> : tensor<1x1x1x1xi8>
  %w = quant.scast %wi : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
  %0 = qedge.conv2d %x, %w : (tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>
  %1 = qedge.conv2d %x, %w {rounding = #qedge.rounding<rndnu>} : (tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>
  %2 = qedge.conv2d %x, %w {rounding = #qedge.rounding<fp32>} : (tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>
  return %0, %1, %2 : tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>
}

// -----

// qnnpack: S_x = 1, S_w = fl32(0.75000006), S_y = fl32(0.3). fp32's multiplier
// fl32(fl32(1 * S_w) / S_y) is 2.5 exactly; PyTorch's fl32(fl32(S_w * 1) *
// fl32(1 / S_y)) is 2.50000024, the next float up. The rescale is fp32's.
// CHECK-LABEL: func @conv_qnnpack_multiplier
func.func @conv_qnnpack_multiplier(%x: tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> (tensor<1x1x1x1x!quant.uniform<i8:f32, 0.3>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.3>>) {
  // CHECK: qedge.rescale %{{.*}} {clamp_max = 127 : i64, clamp_min = -128 : i64, rounding = #qedge.rounding<fp32>, scale = array<f32: 2.500000e+00>}
  // CHECK: qedge.rescale %{{.*}} {clamp_max = 127 : i64, clamp_min = -128 : i64, rounding = #qedge.rounding<fp32>, scale = array<f32: 2.50000024>}
  %wi = arith.constant dense<1> : tensor<1x1x1x1xi8>
  %w = quant.scast %wi : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8:f32, 0.75000006>>
  %0 = qedge.conv2d %x, %w {rounding = #qedge.rounding<fp32>} : (tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.75000006>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.3>>
  %1 = qedge.conv2d %x, %w {rounding = #qedge.rounding<qnnpack>} : (tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.75000006>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.3>>
  return %0, %1 : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.3>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.3>>
}

// -----

// u8 x u8 (ONNX): Zx = 128, Zw = {100, 0}, K = 2 * 2 * 1 = 4.
// Channel 0: w = {101, 99, 100, 104}, Σw = 404, b = 7:
//   bias' = 7 - 128 * 404 + 4 * 128 * 100 = 7 - 51712 + 51200 = -505.
// Channel 1: w = {1, 2, 3, 4}, Σw = 10, b = -7:
//   bias' = -7 - 1280 + 0 = -1287.
// Zw = 100 is non-zero: filter_zp keeps the per-pixel Zw Σx term.
// CHECK-LABEL: func @conv_u8_weight_zero_point
func.func @conv_u8_weight_zero_point(%x: tensor<1x3x3x1x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 1.0:3>> {
  // CHECK-DAG: %[[B:.*]] = arith.constant dense<[-505, -1287]> : tensor<2xi32>
  // CHECK: qedge.int_conv2d %{{.*}}, %{{.*}}, %[[B]] {filter_unsigned, filter_zp = array<i64: 100, 0>, input_unsigned, pad_value = 128 : i64}
  // CHECK: qedge.rescale {{.*}}output_unsigned
  %wi = arith.constant dense<[[[[101], [99]], [[100], [104]]], [[[1], [2]], [[3], [4]]]]> : tensor<2x2x2x1xi8>
  %w = quant.scast %wi : tensor<2x2x2x1xi8> to tensor<2x2x2x1x!quant.uniform<u8:f32:0, {0.25:100, 0.5}>>
  %bi = arith.constant dense<[7, -7]> : tensor<2xi32>
  %b = quant.scast %bi : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {0.125, 0.25}>>
  %y = qedge.conv2d %x, %w, %b : (tensor<1x3x3x1x!quant.uniform<u8:f32, 0.5:128>>, tensor<2x2x2x1x!quant.uniform<u8:f32:0, {0.25:100, 0.5}>>, tensor<2x!quant.uniform<i32:f32:0, {0.125, 0.25}>>) -> tensor<1x2x2x2x!quant.uniform<u8:f32, 1.0:3>>
  return %y : tensor<1x2x2x2x!quant.uniform<u8:f32, 1.0:3>>
}

// -----

// Fused ReLU6 with S_out = 0.05, Z = -10: fl32(6) / fl32(0.05) = 119.9999982
// rounds to 120 in float32, so hi = -10 + 120 = 110; lo = -10 + 0 = -10.
// CHECK-LABEL: func @conv_relu6
func.func @conv_relu6(%x: tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.05:-10>> {
  // CHECK: qedge.rescale %{{.*}} {clamp_max = 110 : i64, clamp_min = -10 : i64,
  %wi = arith.constant dense<1> : tensor<1x1x1x1xi8>
  %w = quant.scast %wi : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
  %y = qedge.conv2d %x, %w {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : (tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.05:-10>>
  return %y : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.05:-10>>
}

// -----

// A bound that is a tie: clamp_max / S_out = 1.25 / 0.5 = 2.5 exactly. The
// integer modes round half away from zero (3), fp32 half to even (2); with
// Z = 1: hi = 4 and 3. clamp_min = -1.25 gives -2.5: -3 and -2, lo = -2, -1.
// CHECK-LABEL: func @conv_clamp_tie
func.func @conv_clamp_tie(%x: tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5>>) -> (tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5:1>>) {
  // CHECK: qedge.rescale %{{.*}} {clamp_max = 4 : i64, clamp_min = -2 : i64,
  // CHECK: qedge.rescale %{{.*}} {clamp_max = 3 : i64, clamp_min = -1 : i64, {{.*}}rounding = #qedge.rounding<fp32>
  %wi = arith.constant dense<1> : tensor<1x1x1x1xi8>
  %w = quant.scast %wi : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
  %0 = qedge.conv2d %x, %w {clamp_min = -1.25 : f32, clamp_max = 1.25 : f32} : (tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5:1>>
  %1 = qedge.conv2d %x, %w {clamp_min = -1.25 : f32, clamp_max = 1.25 : f32, rounding = #qedge.rounding<fp32>} : (tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5:1>>
  return %0, %1 : tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.5:1>>
}

// -----

// The accumulator bound max|x - Zx| * Σ|w - Zw| + |b| for s16 x s16, Zx = 0:
// max|x| = 32768, Σ|w| = 32767 + 32767 + 1 = 65535, so 32768 * 65535 =
// 2147450880. With |b| = 32767 the bound is 2147483647 = 2^31 - 1: i32.
// With |b| = 32768 it is 2^31: i64 (and the rescale takes an i64 input).
// M = 2^-10 * 1 / 2^-10 = 1 = 0.5 * 2^1: M0 = 2^30, e = 1.
// CHECK-LABEL: func @accumulator_just_below
func.func @accumulator_just_below(%x: tensor<1x1x1x3x!quant.uniform<i16:f32, 0.0009765625>>) -> tensor<1x1x1x1x!quant.uniform<i16:f32, 0.0009765625>> {
  // CHECK: qedge.int_conv2d {{.*}} -> tensor<1x1x1x1xi32>
  // CHECK: qedge.rescale {{.*}} : tensor<1x1x1x1xi32> -> tensor<1x1x1x1xi16>
  %wi = arith.constant dense<[[[[32767, -32767, 1]]]]> : tensor<1x1x1x3xi16>
  %w = quant.scast %wi : tensor<1x1x1x3xi16> to tensor<1x1x1x3x!quant.uniform<i16:f32, 1.0>>
  %bi = arith.constant dense<-32767> : tensor<1xi32>
  %b = quant.scast %bi : tensor<1xi32> to tensor<1x!quant.uniform<i32:f32, 0.0009765625>>
  %y = qedge.conv2d %x, %w, %b : (tensor<1x1x1x3x!quant.uniform<i16:f32, 0.0009765625>>, tensor<1x1x1x3x!quant.uniform<i16:f32, 1.0>>, tensor<1x!quant.uniform<i32:f32, 0.0009765625>>) -> tensor<1x1x1x1x!quant.uniform<i16:f32, 0.0009765625>>
  return %y : tensor<1x1x1x1x!quant.uniform<i16:f32, 0.0009765625>>
}

// -----

// CHECK-LABEL: func @accumulator_just_above
func.func @accumulator_just_above(%x: tensor<1x1x1x3x!quant.uniform<i16:f32, 0.0009765625>>) -> tensor<1x1x1x1x!quant.uniform<i16:f32, 0.0009765625>> {
  // CHECK: %[[B:.*]] = arith.constant dense<-32768> : tensor<1xi64>
  // CHECK: qedge.int_conv2d %{{.*}}, %{{.*}}, %[[B]] : {{.*}} -> tensor<1x1x1x1xi64>
  // CHECK: qedge.rescale {{.*}}multiplier = array<i32: 1073741824>{{.*}}shift = array<i32: 1>} : tensor<1x1x1x1xi64> -> tensor<1x1x1x1xi16>
  %wi = arith.constant dense<[[[[32767, -32767, 1]]]]> : tensor<1x1x1x3xi16>
  %w = quant.scast %wi : tensor<1x1x1x3xi16> to tensor<1x1x1x3x!quant.uniform<i16:f32, 1.0>>
  %bi = arith.constant dense<-32768> : tensor<1xi32>
  %b = quant.scast %bi : tensor<1xi32> to tensor<1x!quant.uniform<i32:f32, 0.0009765625>>
  %y = qedge.conv2d %x, %w, %b : (tensor<1x1x1x3x!quant.uniform<i16:f32, 0.0009765625>>, tensor<1x1x1x3x!quant.uniform<i16:f32, 1.0>>, tensor<1x!quant.uniform<i32:f32, 0.0009765625>>) -> tensor<1x1x1x1x!quant.uniform<i16:f32, 0.0009765625>>
  return %y : tensor<1x1x1x1x!quant.uniform<i16:f32, 0.0009765625>>
}

// -----

// requantize: M = S_in / S_out = 0.5 / 0.125 = 4 = 0.5 * 2^3: M0 = 2^30,
// e = 3; the zero points and the storage range go to the rescale.
// CHECK-LABEL: func @requantize
func.func @requantize(%x: tensor<8x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<8x!quant.uniform<i8<-8:7>:f32, 0.125:2>> {
  // CHECK: qedge.rescale %{{.*}} {clamp_max = 7 : i64, clamp_min = -8 : i64, input_unsigned, input_zp = 128 : i64, multiplier = array<i32: 1073741824>, output_zp = 2 : i64, shift = array<i32: 3>} : tensor<8xi8> -> tensor<8xi8>
  %0 = qedge.requantize %x : tensor<8x!quant.uniform<u8:f32, 0.5:128>> -> tensor<8x!quant.uniform<i8<-8:7>:f32, 0.125:2>>
  return %0 : tensor<8x!quant.uniform<i8<-8:7>:f32, 0.125:2>>
}

// -----

// quantize: q = clamp(rne(r / S) + Z): divide, NaN -> 0, round half to even,
// clamp to [qmin - Z, qmax - Z] = [-128 - 5, 127 - 5], then add Z.
// CHECK-LABEL: func @quantize
func.func @quantize(%r: tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.25:5>> {
  // CHECK: linalg.generic
  // CHECK: ^bb0(%[[R:.*]]: f32, %{{.*}}: i8):
  // CHECK: %[[Q:.*]] = arith.divf %[[R]], %{{.*}} : f32
  // CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[Q]], %[[Q]] : f32
  // CHECK: %[[Q0:.*]] = arith.select %[[NAN]], %{{.*}}, %[[Q]] : f32
  // CHECK: %[[RE:.*]] = math.roundeven %[[Q0]] : f32
  // CHECK: arith.maximumf %[[RE]]
  // CHECK: arith.minimumf
  // CHECK: arith.fptosi
  // CHECK: arith.addi
  // CHECK: arith.trunci %{{.*}} : i32 to i8
  %0 = qedge.quantize %r : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.25:5>>
  return %0 : tensor<4x!quant.uniform<i8:f32, 0.25:5>>
}

// -----

// quantize in qnnpack: r times fl32(1 / S), PyTorch's quantize.
// CHECK-LABEL: func @quantize_qnnpack
func.func @quantize_qnnpack(%r: tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.3>> {
  // CHECK: linalg.generic
  // CHECK: ^bb0(%[[R:.*]]: f32, %{{.*}}: i8):
  // CHECK: %[[INV:.*]] = arith.divf %{{.*}}, %{{.*}} : f32
  // CHECK: %[[Q:.*]] = arith.mulf %[[R]], %[[INV]] : f32
  // CHECK: math.roundeven
  %0 = qedge.quantize %r {rounding = #qedge.rounding<qnnpack>} : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.3>>
  return %0 : tensor<4x!quant.uniform<i8:f32, 0.3>>
}

// -----

// dequantize per axis: r = S[c] * (q - Z[c]), with S and Z indexed by the
// quantized dimension (0 here).
// CHECK-DAG: #[[AXIS:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func @dequantize_per_axis
func.func @dequantize_per_axis(%q: tensor<2x3x!quant.uniform<u8:f32:0, {0.5:1, 0.25:2}>>) -> tensor<2x3xf32> {
  // CHECK-DAG: %[[S:.*]] = arith.constant dense<[5.000000e-01, 2.500000e-01]> : tensor<2xf32>
  // CHECK-DAG: %[[Z:.*]] = arith.constant dense<[1, 2]> : tensor<2xi32>
  // CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[AXIS]], #[[AXIS]], #{{.*}}]{{.*}} ins(%{{.*}}, %[[S]], %[[Z]] :
  // CHECK: ^bb0(%[[QV:.*]]: i8, %[[SV:.*]]: f32, %[[ZV:.*]]: i32, %{{.*}}: f32):
  // CHECK: %[[W:.*]] = arith.extui %[[QV]] : i8 to i32
  // CHECK: %[[D:.*]] = arith.subi %[[W]], %[[ZV]] : i32
  // CHECK: %[[F:.*]] = arith.sitofp %[[D]] : i32 to f32
  // CHECK: arith.mulf %[[SV]], %[[F]] : f32
  %0 = qedge.dequantize %q : tensor<2x3x!quant.uniform<u8:f32:0, {0.5:1, 0.25:2}>> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
