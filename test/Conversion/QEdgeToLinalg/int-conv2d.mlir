// RUN: qedge-opt %s -split-input-file -convert-qedge-to-linalg | FileCheck %s

// Grouped, strided, padded: the input is padded with pad_value, channels split
// into [groups, per group], the accumulator starts from the bias, and the
// product accumulates over (kh, kw, ic) with the strided, dilated window.
// CHECK-DAG: #[[BIAS:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d3, d4)>
// CHECK-DAG: #[[ID5:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1 * 2 + d5 * 3, d2 + d6, d3, d7)>
// CHECK-DAG: #[[FILTER:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d3, d4, d5, d6, d7)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6, d7) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func @grouped
// CHECK-SAME: (%[[X:.*]]: tensor<1x9x5x4xi8>, %[[W:.*]]: tensor<6x2x3x2xi8>, %[[B:.*]]: tensor<6xi32>)
func.func @grouped(%x: tensor<1x9x5x4xi8>, %w: tensor<6x2x3x2xi8>, %b: tensor<6xi32>) -> tensor<1x5x5x6xi32> {
  // CHECK: %[[PADV:.*]] = arith.constant -7 : i8
  // CHECK: %[[PAD:.*]] = tensor.pad %[[X]] low[0, 1, 1, 0] high[0, 2, 1, 0]
  // CHECK:   tensor.yield %[[PADV]] : i8
  // CHECK: } : tensor<1x9x5x4xi8> to tensor<1x12x7x4xi8>
  // CHECK: %[[XG:.*]] = tensor.expand_shape %[[PAD]] {{\[}}[0], [1], [2], [3, 4]] output_shape [1, 12, 7, 2, 2]
  // CHECK: %[[WG:.*]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 3, 2, 3, 2]
  // CHECK: %[[BG:.*]] = tensor.expand_shape %[[B]] {{\[}}[0, 1]] output_shape [2, 3]
  // CHECK: %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[BIAS]], #[[ID5]]]{{.*}} ins(%[[BG]] : tensor<2x3xi32>)
  // CHECK: %[[ACC:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[FILTER]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
  // CHECK-SAME: ins(%[[XG]], %[[WG]] : tensor<1x12x7x2x2xi8>, tensor<2x3x2x3x2xi8>) outs(%[[INIT]] : tensor<1x5x5x2x3xi32>)
  // CHECK: ^bb0(%[[XV:.*]]: i8, %[[WV:.*]]: i8, %[[AV:.*]]: i32):
  // CHECK:   %[[XE:.*]] = arith.extsi %[[XV]] : i8 to i32
  // CHECK:   %[[WE:.*]] = arith.extsi %[[WV]] : i8 to i32
  // CHECK:   %[[P:.*]] = arith.muli %[[XE]], %[[WE]] : i32
  // CHECK:   %[[S:.*]] = arith.addi %[[AV]], %[[P]] : i32
  // CHECK:   linalg.yield %[[S]] : i32
  // No filter zero point: no window sum.
  // CHECK-NOT: linalg.generic
  // CHECK: tensor.collapse_shape %[[ACC]] {{\[}}[0], [1], [2], [3, 4]] : tensor<1x5x5x2x3xi32> into tensor<1x5x5x6xi32>
  // H: floor((9 + 1 + 2 - 3*(2-1) - 1) / 2) + 1 = 5; W: floor((5 + 1 + 1 - 3) / 1) + 1 = 5.
  %0 = qedge.int_conv2d %x, %w, %b {strides = array<i64: 2, 1>,
      padding = array<i64: 1, 2, 1, 1>, dilations = array<i64: 3, 1>,
      groups = 2, pad_value = -7}
      : (tensor<1x9x5x4xi8>, tensor<6x2x3x2xi8>, tensor<6xi32>) -> tensor<1x5x5x6xi32>
  return %0 : tensor<1x5x5x6xi32>
}

// -----

// Unsigned storage widens with extui; a non-zero filter zero point adds the
// window sum of x (once per pixel and group) and subtracts zp[c] * sum.
// CHECK-DAG: #[[SUMIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d4, d2 + d5, d3, d6)>
// CHECK-DAG: #[[WINDOW:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d4, d5, d6)>
// CHECK-DAG: #[[SUMOUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func @filter_zero_point
func.func @filter_zero_point(%x: tensor<1x4x4x2xi8>, %w: tensor<2x3x3x2xi8>, %b: tensor<2xi64>) -> tensor<1x2x2x2xi64> {
  // CHECK-NOT: tensor.pad
  // CHECK: linalg.generic
  // CHECK: %[[ACC:.*]] = linalg.generic
  // CHECK:   arith.extui %{{.*}} : i8 to i64
  // CHECK:   arith.extui %{{.*}} : i8 to i64
  // CHECK: %[[ZP:.*]] = arith.constant dense<{{\[}}[128, 0]]> : tensor<1x2xi64>
  // CHECK: %[[FILL:.*]] = linalg.fill
  // CHECK: %[[WIN:.*]] = tensor.empty() : tensor<3x3x2xi1>
  // CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[SUMIN]], #[[WINDOW]], #[[SUMOUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]}
  // CHECK-SAME: outs(%[[FILL]] : tensor<1x2x2x1xi64>)
  // CHECK:   arith.extui
  // CHECK:   arith.addi
  // CHECK: linalg.generic {{.*}} ins(%[[SUM]], %[[ZP]] : tensor<1x2x2x1xi64>, tensor<1x2xi64>) outs(%[[ACC]] : tensor<1x2x2x1x2xi64>)
  // CHECK: ^bb0(%[[S:.*]]: i64, %[[Z:.*]]: i64, %[[A:.*]]: i64):
  // CHECK:   %[[C:.*]] = arith.muli %[[Z]], %[[S]] : i64
  // CHECK:   arith.subi %[[A]], %[[C]] : i64
  %0 = qedge.int_conv2d %x, %w, %b {filter_zp = array<i64: 128, 0>,
      input_unsigned, filter_unsigned}
      : (tensor<1x4x4x2xi8>, tensor<2x3x3x2xi8>, tensor<2xi64>) -> tensor<1x2x2x2xi64>
  return %0 : tensor<1x2x2x2xi64>
}

// -----

// All-zero filter zero points need no correction.
// CHECK-LABEL: func @zero_filter_zero_point
func.func @zero_filter_zero_point(%x: tensor<1x4x4x2xi8>, %w: tensor<2x1x1x2xi8>, %b: tensor<2xi32>) -> tensor<1x4x4x2xi32> {
  // CHECK-COUNT-2: linalg.generic
  // CHECK-NOT: linalg.generic
  %0 = qedge.int_conv2d %x, %w, %b {filter_zp = array<i64: 0>}
      : (tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>) -> tensor<1x4x4x2xi32>
  return %0 : tensor<1x4x4x2xi32>
}
