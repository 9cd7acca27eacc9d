// RUN: qedge-opt %s -qedge-add-batched-entry="samples=6" | FileCheck %s
// RUN: qedge-opt %s -qedge-add-batched-entry="samples=6 entry=other name=all" | FileCheck %s --check-prefix=NAMED
// RUN: not qedge-opt %s -qedge-add-batched-entry="samples=5" 2>&1 | FileCheck %s --check-prefix=ODD
// RUN: not qedge-opt %s -qedge-add-batched-entry="samples=6 entry=nothere" 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not qedge-opt %s -qedge-add-batched-entry="samples=6 name=other" 2>&1 | FileCheck %s --check-prefix=CLASH
// ODD: error: 5 samples are not a whole number of calls of 2
// MISSING: error: no function 'nothere' with a body
// CLASH: error: the module already has a symbol 'other'

// Six samples, two per call: three calls, each on rows [2i, 2i + 2) of the
// argument, each result's rows concatenated (a [1, 4] result per call gives
// [3, 4]).
// CHECK-LABEL: func.func @main_batched
// CHECK-SAME: (%[[X:.*]]: tensor<6x3xf32>) -> (tensor<6x3xf32>, tensor<3x4xf32>)
// CHECK-DAG: %[[E0:.*]] = tensor.empty() : tensor<6x3xf32>
// CHECK-DAG: %[[E1:.*]] = tensor.empty() : tensor<3x4xf32>
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C3:.*]] = arith.constant 3 : index
// CHECK: %[[R:.*]]:2 = scf.for %[[I:.*]] = %[[C0]] to %[[C3]] step %[[C1]] iter_args(%[[A:.*]] = %[[E0]], %[[B:.*]] = %[[E1]])
// CHECK: %[[ROW:.*]] = arith.muli %[[I]], %{{.*}} : index
// CHECK: %[[S:.*]] = tensor.extract_slice %[[X]][%[[ROW]], 0] [2, 3] [1, 1] : tensor<6x3xf32> to tensor<2x3xf32>
// CHECK: %[[Y:.*]]:2 = func.call @main(%[[S]])
// CHECK: tensor.insert_slice %[[Y]]#0 into %[[A]][%{{.*}}, 0] [2, 3] [1, 1]
// CHECK: tensor.insert_slice %[[Y]]#1 into %[[B]][%{{.*}}, 0] [1, 4] [1, 1]
// CHECK: return %[[R]]#0, %[[R]]#1
// NAMED-LABEL: func.func @all
// NAMED-SAME: tensor<6x3xf32>
func.func @main(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<1x4xf32>) {
  %c = arith.constant dense<1.0> : tensor<1x4xf32>
  return %x, %c : tensor<2x3xf32>, tensor<1x4xf32>
}
func.func @other(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  return %x : tensor<2x3xf32>
}

