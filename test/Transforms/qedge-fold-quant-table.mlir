// RUN: qedge-opt %s -split-input-file -qedge-fold-quant -mlir-print-elementsattrs-with-hex-if-larger=-1 | FileCheck %s

// A 256-entry table, built at compile time and indexed by the stored input
// minus the container's minimum (-128 for i8). hard_sigmoid with S_in = 1,
// Z_in = 0, S_out = fl32(1/3), Z_out = -1: fl32(1 / fl32(1/3)) = 3 exactly
// (1 / 0.333333343 = 2.99999991 rounds to 3), so q maps to
// relu6(q + 3) / 6 * 3 = relu6(q + 3) / 2 (each step in float32):
//   q <= -3: 0 -> -1;  q = -2: 0.5;  q = -1: 1 -> 0;  q = 0: 1.5;
//   q = 1: 2 -> 1;     q = 2: 2.5;   q >= 3: 3 -> 2.
// gemmlowp rounds the ties half away from zero (0.5 -> 1, 1.5 -> 2, 2.5 ->
// 3), fp32 to even (0, 2, 2).
// CHECK-LABEL: func @table
// CHECK-SAME: (%[[X:.*]]: tensor<4xi8>)
func.func @table(%x: tensor<4x!quant.uniform<i8:f32, 1.0>>) -> (tensor<4x!quant.uniform<i8:f32, 0.3333333333333333:-1>>, tensor<4x!quant.uniform<i8:f32, 0.3333333333333333:-1>>) {
  // CHECK: %[[T:.*]] = arith.constant dense<[{{(-1, )+}}-1, 0, 0, 1, 1, 2, 2, 2, {{.*}}2]> : tensor<256xi8>
  // CHECK: linalg.generic {{.*}} ins(%[[X]] : tensor<4xi8>)
  // CHECK: %[[W:.*]] = arith.extsi %{{.*}} : i8 to i32
  // CHECK: %[[MIN:.*]] = arith.constant -128 : i32
  // CHECK: %[[I:.*]] = arith.subi %[[W]], %[[MIN]] : i32
  // CHECK: %[[IDX:.*]] = arith.index_cast %[[I]] : i32 to index
  // CHECK: tensor.extract %[[T]][%[[IDX]]] : tensor<256xi8>
  %0 = qedge.table %x {function = #qedge.function<hard_sigmoid>} : tensor<4x!quant.uniform<i8:f32, 1.0>> -> tensor<4x!quant.uniform<i8:f32, 0.3333333333333333:-1>>
  // CHECK: arith.constant dense<[{{(-1, )+}}-1, -1, 0, 1, 1, 1, 2, 2, {{.*}}2]> : tensor<256xi8>
  %1 = qedge.table %x {function = #qedge.function<hard_sigmoid>, rounding = #qedge.rounding<fp32>} : tensor<4x!quant.uniform<i8:f32, 1.0>> -> tensor<4x!quant.uniform<i8:f32, 0.3333333333333333:-1>>
  return %0, %1 : tensor<4x!quant.uniform<i8:f32, 0.3333333333333333:-1>>, tensor<4x!quant.uniform<i8:f32, 0.3333333333333333:-1>>
}

// -----

// An unsigned input indexes from 0: extui, no offset needed beyond 0.
// sigmoid(0) = 0.5 at S_out = 1/256, Z_out = 0: 128 (the signless -128).
// CHECK-LABEL: func @table_u8
func.func @table_u8(%x: tensor<4x!quant.uniform<u8:f32, 0.1:0>>) -> tensor<4x!quant.uniform<u8:f32, 0.00390625>> {
  // CHECK: arith.constant dense<[-128, {{.*}}]> : tensor<256xi8>
  // CHECK: arith.extui
  // CHECK: arith.constant 0 : i32
  %0 = qedge.table %x {function = #qedge.function<sigmoid>} : tensor<4x!quant.uniform<u8:f32, 0.1:0>> -> tensor<4x!quant.uniform<u8:f32, 0.00390625>>
  return %0 : tensor<4x!quant.uniform<u8:f32, 0.00390625>>
}
