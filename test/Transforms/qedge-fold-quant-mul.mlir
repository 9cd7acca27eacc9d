// RUN: qedge-opt %s -split-input-file -qedge-fold-quant | FileCheck %s

// qedge.mul: the i32 product (a - Za)(b - Zb), the [1, 1, 1, C] gate read
// through (n, h, w, c) -> (c), then the rescale of an accumulator by
// M = Sa * Sb / Sy = 0.5 * 0.25 / 0.5 = 0.25 = 0.5 * 2^-1 -> (2^30, -1);
// fp32: fl32(fl32(0.5 * 0.25) / 0.5) = 0.25. ReLU at Zy = 2: [2, 127].
// CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func @mul
// CHECK-SAME: (%[[A:.*]]: tensor<1x2x2x3xi8>, %[[B:.*]]: tensor<1x1x1x3xi8>)
func.func @mul(%a: tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:1>>, %b: tensor<1x1x1x3x!quant.uniform<i8:f32, 0.25:-3>>) -> (tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:2>>, tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:2>>) {
  // CHECK: %[[GATE:.*]] = tensor.collapse_shape %[[B]] {{\[\[}}0, 1, 2, 3]] : tensor<1x1x1x3xi8> into tensor<3xi8>
  // CHECK: %[[P:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #[[C]], #{{.*}}], {{.*}} ins(%[[A]], %[[GATE]] : tensor<1x2x2x3xi8>, tensor<3xi8>) outs(%{{.*}} : tensor<1x2x2x3xi32>)
  // CHECK: arith.constant 1 : i32
  // CHECK: arith.subi
  // CHECK: arith.constant -3 : i32
  // CHECK: arith.subi
  // CHECK: arith.muli
  // CHECK: qedge.rescale %[[P]] {clamp_max = 127 : i64, clamp_min = 2 : i64, multiplier = array<i32: 1073741824>, output_zp = 2 : i64, shift = array<i32: -1>} : tensor<1x2x2x3xi32> -> tensor<1x2x2x3xi8>
  %0 = qedge.mul %a, %b {clamp_min = 0.0 : f32} : (tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x1x3x!quant.uniform<i8:f32, 0.25:-3>>) -> tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:2>>
  // CHECK: qedge.rescale %{{.*}} {clamp_max = 127 : i64, clamp_min = -128 : i64, output_zp = 2 : i64, rounding = #qedge.rounding<fp32>, scale = array<f32: 2.500000e-01>}
  %1 = qedge.mul %a, %b {rounding = #qedge.rounding<fp32>} : (tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x1x3x!quant.uniform<i8:f32, 0.25:-3>>) -> tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:2>>
  return %0, %1 : tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:2>>, tensor<1x2x2x3x!quant.uniform<i8:f32, 0.5:2>>
}
