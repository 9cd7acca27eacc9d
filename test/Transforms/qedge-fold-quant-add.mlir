// RUN: qedge-opt %s -split-input-file -qedge-fold-quant | FileCheck %s

// qedge.add in the integer modes (spec section 10): S_lhs = 0.5, Z_lhs = 3,
// S_rhs = 0.25, Z_rhs = -2, S_out = 1, Z_out = 5, 8-bit storage (left shift
// 20). twice = 2 * max(0.5, 0.25) = 1, so the multipliers are
// 0.5 / 1 = 0.5 * 2^0 -> (2^30, 0), 0.25 / 1 = 0.5 * 2^-1 -> (2^30, -1) and
// 1 / (2^20 * 1) = 0.5 * 2^-19 -> (2^30, -19). ReLU: Z + rha(0 / 1) = 5.
// The [1, 1, 1, C] operand is rescaled on its own shape, then collapsed to
// [C] and read through (n, h, w, c) -> (c).
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func @add
// CHECK-SAME: (%[[A:.*]]: tensor<1x2x3x4xi8>, %[[B:.*]]: tensor<1x1x1x4xi8>) -> tensor<1x2x3x4xi8>
func.func @add(%a: tensor<1x2x3x4x!quant.uniform<i8:f32, 0.5:3>>, %b: tensor<1x1x1x4x!quant.uniform<i8:f32, 0.25:-2>>) -> tensor<1x2x3x4x!quant.uniform<i8:f32, 1.0:5>> {
  // CHECK: %[[SA:.*]] = linalg.generic {{.*}} ins(%[[A]] : tensor<1x2x3x4xi8>)
  // CHECK: arith.constant 20 : i32
  // CHECK: arith.extsi
  // CHECK: arith.constant 3 : i32
  // CHECK: arith.subi
  // CHECK: arith.shli
  // CHECK: %[[RA:.*]] = qedge.rescale %[[SA]] {clamp_max = 2147483647 : i64, clamp_min = -2147483648 : i64, multiplier = array<i32: 1073741824>, shift = array<i32: 0>} : tensor<1x2x3x4xi32> -> tensor<1x2x3x4xi32>
  // CHECK: %[[SB:.*]] = linalg.generic {{.*}} ins(%[[B]] : tensor<1x1x1x4xi8>)
  // CHECK: arith.constant -2 : i32
  // CHECK: %[[RB:.*]] = qedge.rescale %[[SB]] {clamp_max = 2147483647 : i64, clamp_min = -2147483648 : i64, multiplier = array<i32: 1073741824>, shift = array<i32: -1>} : tensor<1x1x1x4xi32> -> tensor<1x1x1x4xi32>
  // CHECK: %[[CB:.*]] = tensor.collapse_shape %[[RB]] {{\[\[}}0, 1, 2, 3]] : tensor<1x1x1x4xi32> into tensor<4xi32>
  // CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[C]], #[[ID]]], {{.*}} ins(%[[RA]], %[[CB]] : tensor<1x2x3x4xi32>, tensor<4xi32>)
  // CHECK: arith.addi
  // CHECK: %[[Y:.*]] = qedge.rescale %[[SUM]] {clamp_max = 127 : i64, clamp_min = 5 : i64, multiplier = array<i32: 1073741824>, output_zp = 5 : i64, shift = array<i32: -19>} : tensor<1x2x3x4xi32> -> tensor<1x2x3x4xi8>
  // CHECK: return %[[Y]]
  %0 = qedge.add %a, %b {clamp_min = 0.0 : f32} : (tensor<1x2x3x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x1x1x4x!quant.uniform<i8:f32, 0.25:-2>>) -> tensor<1x2x3x4x!quant.uniform<i8:f32, 1.0:5>>
  return %0 : tensor<1x2x3x4x!quant.uniform<i8:f32, 1.0:5>>
}

// -----

// qedge.sub, rndnu, u8, a [N, 1, 1, C] lhs with N = 2: collapsed to [N, C]
// and read through (n, h, w, c) -> (n, c); unsigned storage is widened with
// extui; 16-bit would shift by 15. Multipliers as above but S_out = 2:
// 1 / (2^20 * 2) = 0.5 * 2^-20 -> (2^30, -20).
// CHECK-DAG: #[[NC:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3)>
// CHECK-LABEL: func @sub_rndnu
func.func @sub_rndnu(%a: tensor<2x1x1x4x!quant.uniform<u8:f32, 0.5:128>>, %b: tensor<2x3x3x4x!quant.uniform<u8:f32, 0.25:1>>) -> tensor<2x3x3x4x!quant.uniform<u8:f32, 2.0:7>> {
  // CHECK: arith.extui
  // CHECK: qedge.rescale %{{.*}} {{.*}}multiplier = array<i32: 1073741824>, rounding = #qedge.rounding<rndnu>, shift = array<i32: -1>} : tensor<2x3x3x4xi32> -> tensor<2x3x3x4xi32>
  // CHECK: qedge.rescale %{{.*}} {{.*}}multiplier = array<i32: 1073741824>, rounding = #qedge.rounding<rndnu>, shift = array<i32: 0>} : tensor<2x1x1x4xi32> -> tensor<2x1x1x4xi32>
  // CHECK: tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2], [3]] : tensor<2x1x1x4xi32> into tensor<2x4xi32>
  // CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[NC]]
  // CHECK: arith.subi
  // CHECK: qedge.rescale %{{.*}} {clamp_max = 255 : i64, clamp_min = 0 : i64, multiplier = array<i32: 1073741824>, output_unsigned, output_zp = 7 : i64, rounding = #qedge.rounding<rndnu>, shift = array<i32: -20>}
  %0 = qedge.sub %b, %a {rounding = #qedge.rounding<rndnu>} : (tensor<2x3x3x4x!quant.uniform<u8:f32, 0.25:1>>, tensor<2x1x1x4x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<2x3x3x4x!quant.uniform<u8:f32, 2.0:7>>
  return %0 : tensor<2x3x3x4x!quant.uniform<u8:f32, 2.0:7>>
}

// -----

// fp32: one generic in the spec's order. M_lhs = fl32(0.5 / 1) = 0.5,
// M_rhs = fl32(0.25 / 1) = 0.25; two products, one float32 add, the clamp to
// [-128 - 5, 127 - 5] = [-133, 122], round half to even, + 5.
// CHECK-LABEL: func @add_fp32
func.func @add_fp32(%a: tensor<8x!quant.uniform<i8:f32, 0.5:3>>, %b: tensor<8x!quant.uniform<i8:f32, 0.25:-2>>) -> tensor<8x!quant.uniform<i8:f32, 1.0:5>> {
  // CHECK: linalg.generic
  // CHECK: arith.sitofp
  // CHECK: arith.constant 5.000000e-01 : f32
  // CHECK: arith.mulf
  // CHECK: arith.sitofp
  // CHECK: arith.constant 2.500000e-01 : f32
  // CHECK: arith.mulf
  // CHECK: arith.addf
  // CHECK: arith.constant -1.330000e+02 : f32
  // CHECK: arith.maximumf
  // CHECK: arith.constant 1.220000e+02 : f32
  // CHECK: arith.minimumf
  // CHECK: math.roundeven
  // CHECK: arith.fptosi
  // CHECK: arith.constant 5 : i32
  // CHECK: arith.addi
  // CHECK: arith.trunci
  // CHECK-NOT: qedge.rescale
  %0 = qedge.add %a, %b {rounding = #qedge.rounding<fp32>} : (tensor<8x!quant.uniform<i8:f32, 0.5:3>>, tensor<8x!quant.uniform<i8:f32, 0.25:-2>>) -> tensor<8x!quant.uniform<i8:f32, 1.0:5>>
  return %0 : tensor<8x!quant.uniform<i8:f32, 1.0:5>>
}
