// RUN: qedge-opt %s -split-input-file -canonicalize | FileCheck %s
// The folders of the ops beyond conv (lib/Dialect/QEdge/IR/QEdgeFolds.cpp).

// A 1x1 window with unit strides and no padding returns its input: the
// maximum of one value, and its average (in fp32 fl32(S / fl32(S * 1)) = 1).
// CHECK-LABEL: func @unit_window
// CHECK-SAME: (%[[X:.*]]: tensor
func.func @unit_window(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>) -> (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>, tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>) {
  // CHECK-NOT: qedge.
  // CHECK: return %[[X]], %[[X]]
  %0 = qedge.max_pool2d %x {kernel = array<i64: 1, 1>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>
  %1 = qedge.avg_pool2d %x {kernel = array<i64: 1, 1>, rounding = #qedge.rounding<fp32>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>
  return %0, %1 : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>, tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>
}

// -----

// Not with a clamp that acts (ReLU: Z = 3 is above qmin), nor with a stride,
// nor with another result type.
// CHECK-LABEL: func @unit_window_kept
func.func @unit_window_kept(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>) -> (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:3>>, tensor<1x4x4x2x!quant.uniform<i8:f32, 0.2:3>>) {
  // CHECK: qedge.max_pool2d
  // CHECK: qedge.max_pool2d
  // CHECK: qedge.avg_pool2d
  %0 = qedge.max_pool2d %x {kernel = array<i64: 1, 1>, clamp_min = 0.0 : f32} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>
  %1 = qedge.max_pool2d %x {kernel = array<i64: 1, 1>, strides = array<i64: 2, 2>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:3>>
  %2 = qedge.avg_pool2d %x {kernel = array<i64: 1, 1>, rounding = #qedge.rounding<fp32>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.2:3>>
  return %0, %1, %2 : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:3>>, tensor<1x4x4x2x!quant.uniform<i8:f32, 0.2:3>>
}

// -----

// A clamp whose bounds hold the whole storage range is the identity: u8 with
// Z = 0 and ReLU is [0, 255]; a bound at 6 / 0.1 = 60 acts.
// CHECK-LABEL: func @clamp
// CHECK-SAME: (%[[X:.*]]: tensor
func.func @clamp(%x: tensor<4x!quant.uniform<u8:f32, 0.1>>) -> (tensor<4x!quant.uniform<u8:f32, 0.1>>, tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  // CHECK: %[[Y:.*]] = qedge.clamp %[[X]] {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32}
  // CHECK: return %[[X]], %[[Y]]
  %0 = qedge.clamp %x {clamp_min = 0.0 : f32} : tensor<4x!quant.uniform<u8:f32, 0.1>>
  %1 = qedge.clamp %x {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : tensor<4x!quant.uniform<u8:f32, 0.1>>
  return %0, %1 : tensor<4x!quant.uniform<u8:f32, 0.1>>, tensor<4x!quant.uniform<u8:f32, 0.1>>
}

// -----

// A concat of one input of the result's type is that input; of another type
// it requantizes.
// CHECK-LABEL: func @concat_one
// CHECK-SAME: (%[[X:.*]]: tensor
func.func @concat_one(%x: tensor<4x!quant.uniform<i8:f32, 0.1>>) -> (tensor<4x!quant.uniform<i8:f32, 0.1>>, tensor<4x!quant.uniform<i8:f32, 0.2>>) {
  // CHECK: %[[Y:.*]] = qedge.concat %[[X]]
  // CHECK: return %[[X]], %[[Y]]
  %0 = qedge.concat %x {axis = 0 : i64} : (tensor<4x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  %1 = qedge.concat %x {axis = 0 : i64} : (tensor<4x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x!quant.uniform<i8:f32, 0.2>>
  return %0, %1 : tensor<4x!quant.uniform<i8:f32, 0.1>>, tensor<4x!quant.uniform<i8:f32, 0.2>>
}

// -----

// A reshape to the same type, a transpose by the identity and a pad by
// nothing return their input; two reshapes are one.
// CHECK-LABEL: func @data_movement_identities
// CHECK-SAME: (%[[X:.*]]: tensor
func.func @data_movement_identities(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) -> (tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<3x2x!quant.uniform<i8:f32, 0.1>>) {
  // CHECK: %[[R:.*]] = qedge.reshape %[[X]] : tensor<2x3x!quant.uniform<i8:f32, 1.000000e-01>> -> tensor<3x2x!quant.uniform<i8:f32, 1.000000e-01>>
  // CHECK: return %[[X]], %[[X]], %[[X]], %[[R]]
  %0 = qedge.reshape %x : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<2x3x!quant.uniform<i8:f32, 0.1>>
  %1 = qedge.transpose %x {permutation = array<i64: 0, 1>} : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<2x3x!quant.uniform<i8:f32, 0.1>>
  %2 = qedge.pad %x {low = array<i64: 0, 0>, high = array<i64: 0, 0>} : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<2x3x!quant.uniform<i8:f32, 0.1>>
  %6 = qedge.reshape %x : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<6x!quant.uniform<i8:f32, 0.1>>
  %3 = qedge.reshape %6 : tensor<6x!quant.uniform<i8:f32, 0.1>> -> tensor<3x2x!quant.uniform<i8:f32, 0.1>>
  return %0, %1, %2, %3 : tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<3x2x!quant.uniform<i8:f32, 0.1>>
}

// -----

// A reshape of a quantized constant is a reshaped constant.
// CHECK-LABEL: func @reshape_constant
func.func @reshape_constant() -> tensor<3x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>> {
  // CHECK: %[[C:.*]] = arith.constant dense<{{\[\[}}1, 2], [3, 4], [5, 6]]> : tensor<3x2xi8>
  // CHECK: %[[Q:.*]] = quant.scast %[[C]] : tensor<3x2xi8> to tensor<3x2x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01}>>
  // CHECK: return %[[Q]]
  %c = arith.constant dense<[[[1, 2]], [[3, 4]], [[5, 6]]]> : tensor<3x1x2xi8>
  %q = quant.scast %c : tensor<3x1x2xi8> to tensor<3x1x2x!quant.uniform<i8:f32:2, {0.1, 0.2}>>
  %r = qedge.reshape %q : tensor<3x1x2x!quant.uniform<i8:f32:2, {0.1, 0.2}>> -> tensor<3x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>
  return %r : tensor<3x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>
}
