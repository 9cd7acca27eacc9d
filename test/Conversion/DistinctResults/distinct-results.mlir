// RUN: qedge-opt %s -split-input-file -qedge-distinct-results | FileCheck %s

// The second and third occurrences of %a become copies; %b, returned once,
// and the argument stay as they are.
// CHECK-LABEL: func @repeated
// CHECK: %[[A:.*]] = memref.alloc() : memref<4xi32>
// CHECK: %[[B:.*]] = memref.alloc() : memref<4xi32>
// CHECK: %[[C1:.*]] = memref.alloc() : memref<4xi32>
// CHECK: memref.copy %[[A]], %[[C1]]
// CHECK: %[[C2:.*]] = memref.alloc() : memref<4xi32>
// CHECK: memref.copy %[[A]], %[[C2]]
// CHECK: return %[[A]], %[[C1]], %[[B]], %arg0, %[[C2]]
func.func @repeated(%arg0: memref<4xi32>) -> (memref<4xi32>, memref<4xi32>, memref<4xi32>, memref<4xi32>, memref<4xi32>) {
  %a = memref.alloc() : memref<4xi32>
  %b = memref.alloc() : memref<4xi32>
  return %a, %a, %b, %arg0, %a : memref<4xi32>, memref<4xi32>, memref<4xi32>, memref<4xi32>, memref<4xi32>
}

// -----

// A dynamic size is read from the returned buffer.
// CHECK-LABEL: func @dynamic
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: %[[D:.*]] = memref.dim %arg0, %[[C0]] : memref<?xi8>
// CHECK: %[[C:.*]] = memref.alloc(%[[D]]) : memref<?xi8>
// CHECK: memref.copy %arg0, %[[C]]
// CHECK: return %arg0, %[[C]]
func.func @dynamic(%arg0: memref<?xi8>) -> (memref<?xi8>, memref<?xi8>) {
  return %arg0, %arg0 : memref<?xi8>, memref<?xi8>
}
