// RUN: qedge-opt %s -split-input-file -qedge-fold-quant | FileCheck %s

// Two run-time operands with zero points: ONNX's MatMulInteger,
// Σ_k (a - 128)(b - 120), in i32 (the bound 128 * 4 * 135 fits), over the
// loops (b, m, n, k); then the rescale by M = 0.05 * 0.02 / 0.4 = 0.0025
// = 0.64 * 2^-8: M0 = rha(0.64 * 2^31) = 1374389535, e = -8.
// CHECK-DAG: #[[A:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func @matmul
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xi8>, %[[Y:.*]]: tensor<2x4x5xi8>)
func.func @matmul(%a: tensor<2x3x4x!quant.uniform<u8:f32, 0.05:128>>, %b: tensor<2x4x5x!quant.uniform<u8:f32, 0.02:120>>) -> tensor<2x3x5x!quant.uniform<u8:f32, 0.4:100>> {
  // CHECK: %[[INIT:.*]] = linalg.fill
  // CHECK: %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[A]], #[[B]], #[[C]]], iterator_types = ["parallel", "parallel", "parallel", "reduction"]} ins(%[[X]], %[[Y]] : tensor<2x3x4xi8>, tensor<2x4x5xi8>) outs(%[[INIT]] : tensor<2x3x5xi32>)
  // CHECK: arith.extui
  // CHECK: arith.constant 128 : i32
  // CHECK: arith.subi
  // CHECK: arith.constant 120 : i32
  // CHECK: arith.extui
  // CHECK: arith.subi
  // CHECK: arith.muli
  // CHECK: arith.addi
  // CHECK: qedge.rescale %[[ACC]] {clamp_max = 255 : i64, clamp_min = 0 : i64, multiplier = array<i32: 1374389535>, output_unsigned, output_zp = 100 : i64, shift = array<i32: -8>} : tensor<2x3x5xi32> -> tensor<2x3x5xi8>
  %y = qedge.matmul %a, %b : (tensor<2x3x4x!quant.uniform<u8:f32, 0.05:128>>, tensor<2x4x5x!quant.uniform<u8:f32, 0.02:120>>) -> tensor<2x3x5x!quant.uniform<u8:f32, 0.4:100>>
  return %y : tensor<2x3x5x!quant.uniform<u8:f32, 0.4:100>>
}

// -----

// Per-column zero points {3, -2}: a constant [N] read at n. fp32 per column:
// fl32(fl32(0.05 * 0.02) / 0.4) and fl32(fl32(0.05 * 0.03) / 0.4).
// CHECK-DAG: #[[N:.*]] = affine_map<(d0, d1, d2) -> (d1)>
// CHECK-LABEL: func @matmul_per_column
func.func @matmul_per_column(%a: tensor<3x4x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.4:1>> {
  // CHECK: %[[ZP:.*]] = arith.constant dense<[3, -2]> : tensor<2xi32>
  // CHECK: linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #[[N]], #{{.*}}], {{.*}} ins(%{{.*}}, %{{.*}}, %[[ZP]] : tensor<3x4xi8>, tensor<4x2xi8>, tensor<2xi32>)
  // CHECK: qedge.rescale %{{.*}} {clamp_max = 127 : i64, clamp_min = -128 : i64, output_zp = 1 : i64, rounding = #qedge.rounding<fp32>, scale = array<f32: 0.00250000018, 3.750000e-03>}
  %wi = arith.constant dense<[[1, 2], [3, 4], [5, 6], [7, 8]]> : tensor<4x2xi8>
  %w = quant.scast %wi : tensor<4x2xi8> to tensor<4x2x!quant.uniform<i8:f32:1, {0.02:3, 0.03:-2}>>
  %y = qedge.matmul %a, %w {rounding = #qedge.rounding<fp32>} : (tensor<3x4x!quant.uniform<i8:f32, 0.05:-3>>, tensor<4x2x!quant.uniform<i8:f32:1, {0.02:3, 0.03:-2}>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.4:1>>
  return %y : tensor<3x2x!quant.uniform<i8:f32, 0.4:1>>
}

// -----

// s16 x s16 over K = 4096: 32768 * 4096 * 32768 > 2^31 - 1, an i64
// accumulator, requantized by the 64-bit routine.
// CHECK-LABEL: func @matmul_i64
func.func @matmul_i64(%a: tensor<1x4096x!quant.uniform<i16:f32, 0.001>>, %b: tensor<4096x1x!quant.uniform<i16:f32, 0.001>>) -> tensor<1x1x!quant.uniform<i16:f32, 1.0>> {
  // CHECK: linalg.generic {{.*}} outs(%{{.*}} : tensor<1x1xi64>)
  // CHECK: qedge.rescale %{{.*}} : tensor<1x1xi64> -> tensor<1x1xi16>
  %y = qedge.matmul %a, %b : (tensor<1x4096x!quant.uniform<i16:f32, 0.001>>, tensor<4096x1x!quant.uniform<i16:f32, 0.001>>) -> tensor<1x1x!quant.uniform<i16:f32, 1.0>>
  return %y : tensor<1x1x!quant.uniform<i16:f32, 1.0>>
}
