// RUN: qedge-opt %s -split-input-file -qedge-fold-quant | FileCheck %s

// clamp: ReLU6 at S = 0.5, Z = 1 is [1 + 0, 1 + rha(6 / 0.5)] = [1, 13] on
// stored values; unsigned storage compares unsigned.
// CHECK-LABEL: func @clamp
func.func @clamp(%x: tensor<4x!quant.uniform<i8:f32, 0.5:1>>, %u: tensor<4x!quant.uniform<u8:f32, 0.5:200>>) -> (tensor<4x!quant.uniform<i8:f32, 0.5:1>>, tensor<4x!quant.uniform<u8:f32, 0.5:200>>) {
  // CHECK: linalg.generic
  // CHECK-DAG: arith.constant 1 : i8
  // CHECK-DAG: arith.constant 13 : i8
  // CHECK: arith.maxsi
  // CHECK: arith.minsi
  %0 = qedge.clamp %x {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : tensor<4x!quant.uniform<i8:f32, 0.5:1>>
  // u8, Z = 200, ReLU: [200, 255]; 200 is the signless -56.
  // CHECK: linalg.generic
  // CHECK-DAG: arith.constant -56 : i8
  // CHECK-DAG: arith.constant -1 : i8
  // CHECK: arith.maxui
  // CHECK: arith.minui
  %1 = qedge.clamp %u {clamp_min = 0.0 : f32} : tensor<4x!quant.uniform<u8:f32, 0.5:200>>
  return %0, %1 : tensor<4x!quant.uniform<i8:f32, 0.5:1>>, tensor<4x!quant.uniform<u8:f32, 0.5:200>>
}

// -----

// Tied bounds: 2.5 / 1 rounds to 3 in gemmlowp and to 2 in fp32.
// CHECK-LABEL: func @clamp_ties
func.func @clamp_ties(%x: tensor<4x!quant.uniform<i8:f32, 1.0>>) -> (tensor<4x!quant.uniform<i8:f32, 1.0>>, tensor<4x!quant.uniform<i8:f32, 1.0>>) {
  // CHECK: arith.constant 3 : i8
  %0 = qedge.clamp %x {clamp_max = 2.5 : f32} : tensor<4x!quant.uniform<i8:f32, 1.0>>
  // CHECK: arith.constant 2 : i8
  %1 = qedge.clamp %x {clamp_max = 2.5 : f32, rounding = #qedge.rounding<fp32>} : tensor<4x!quant.uniform<i8:f32, 1.0>>
  return %0, %1 : tensor<4x!quant.uniform<i8:f32, 1.0>>, tensor<4x!quant.uniform<i8:f32, 1.0>>
}

// -----

// concat: the first input has the result's type and is used as it is; the
// second (S = 0.25, Z = 1) is requantized to S = 0.5, Z = 1:
// M = 0.5 -> (2^30, 0).
// CHECK-LABEL: func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<1x2x2x3xi8>, %[[B:.*]]: tensor<1x2x2x1xi8>)
func.func @concat(%a: tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:1>>, %b: tensor<1x2x2x1x!quant.uniform<i8:f32, 0.25:1>>) -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:1>> {
  // CHECK: %[[R:.*]] = qedge.rescale %[[B]] {clamp_max = 127 : i64, clamp_min = -128 : i64, input_zp = 1 : i64, multiplier = array<i32: 1073741824>, output_zp = 1 : i64, shift = array<i32: 0>} : tensor<1x2x2x1xi8> -> tensor<1x2x2x1xi8>
  // CHECK: %[[C:.*]] = tensor.concat dim(3) %[[A]], %[[R]] : (tensor<1x2x2x3xi8>, tensor<1x2x2x1xi8>) -> tensor<1x2x2x4xi8>
  // CHECK: return %[[C]]
  %0 = qedge.concat %a, %b {axis = 3 : i64} : (tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x2x2x1x!quant.uniform<i8:f32, 0.25:1>>) -> tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:1>>
  return %0 : tensor<1x2x2x4x!quant.uniform<i8:f32, 0.5:1>>
}

// -----

// Into another storage type: u8 (Z = 128) to s16 (Z = 0), fp32:
// fl32(0.02 / 1e-4) = 200.
// CHECK-LABEL: func @concat_widen
func.func @concat_widen(%a: tensor<2x2x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<2x2x!quant.uniform<i16:f32, 1.0e-4>> {
  // CHECK: qedge.rescale %{{.*}} {clamp_max = 32767 : i64, clamp_min = -32768 : i64, input_unsigned, input_zp = 128 : i64, rounding = #qedge.rounding<fp32>, scale = array<f32: 2.000000e+02>} : tensor<2x2xi8> -> tensor<2x2xi16>
  // CHECK: tensor.concat dim(0)
  %0 = qedge.concat %a {axis = 0 : i64, rounding = #qedge.rounding<fp32>} : (tensor<2x2x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<2x2x!quant.uniform<i16:f32, 1.0e-4>>
  return %0 : tensor<2x2x!quant.uniform<i16:f32, 1.0e-4>>
}
