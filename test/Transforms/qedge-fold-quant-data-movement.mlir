// RUN: qedge-opt %s -split-input-file -qedge-fold-quant | FileCheck %s

// Reshapes, transposes and pads move stored values: upstream tensor ops on
// the storage tensors. A reshape collapses to one dimension and expands to
// the result (row-major order); a pad holds the zero point (u8 Z = 200 is the
// signless -56).
// CHECK-LABEL: func @data_movement
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xi8>, %[[P:.*]]: tensor<2x3xi8>) -> (tensor<6x4xi8>, tensor<4x2x3xi8>, tensor<3x6xi8>)
func.func @data_movement(%x: tensor<2x3x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3, 0.4}>>, %p: tensor<2x3x!quant.uniform<u8:f32, 0.1:200>>) -> (tensor<6x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>, tensor<4x2x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>, tensor<3x6x!quant.uniform<u8:f32, 0.1:200>>) {
  // CHECK: %[[FLAT:.*]] = tensor.collapse_shape %[[X]] {{\[\[}}0, 1, 2]] : tensor<2x3x4xi8> into tensor<24xi8>
  // CHECK: %[[R:.*]] = tensor.expand_shape %[[FLAT]] {{\[\[}}0, 1]] output_shape [6, 4] : tensor<24xi8> into tensor<6x4xi8>
  %0 = qedge.reshape %x : tensor<2x3x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3, 0.4}>> -> tensor<6x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>
  // CHECK: %[[T:.*]] = linalg.transpose ins(%[[X]] : tensor<2x3x4xi8>) outs(%{{.*}} : tensor<4x2x3xi8>) permutation = [2, 0, 1]
  %1 = qedge.transpose %x {permutation = array<i64: 2, 0, 1>} : tensor<2x3x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3, 0.4}>> -> tensor<4x2x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>
  // CHECK: %[[Z:.*]] = arith.constant -56 : i8
  // CHECK: %[[PAD:.*]] = tensor.pad %[[P]] low[1, 2] high[0, 1]
  // CHECK: tensor.yield %[[Z]]
  %2 = qedge.pad %p {low = array<i64: 1, 2>, high = array<i64: 0, 1>} : tensor<2x3x!quant.uniform<u8:f32, 0.1:200>> -> tensor<3x6x!quant.uniform<u8:f32, 0.1:200>>
  // CHECK: return %[[R]], %[[T]], %[[PAD]]
  return %0, %1, %2 : tensor<6x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>, tensor<4x2x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>, tensor<3x6x!quant.uniform<u8:f32, 0.1:200>>
}
