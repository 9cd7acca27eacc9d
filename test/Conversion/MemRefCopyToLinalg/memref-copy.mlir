// RUN: qedge-opt %s -split-input-file -convert-memref-copy-to-linalg | FileCheck %s

// Contiguous on both sides: left as it is (a memcpy).
// CHECK-LABEL: func @contiguous
// CHECK: memref.copy %{{.*}}, %{{.*}} : memref<4x8xi8> to memref<4x8xi8>
// CHECK-NOT: linalg.copy
func.func @contiguous(%a: memref<4x8xi8>, %b: memref<4x8xi8>) {
  memref.copy %a, %b : memref<4x8xi8> to memref<4x8xi8>
  return
}

// -----

// The interior of a padded NHWC buffer: rows of W x C = 112 x 32 bytes are
// contiguous on both sides, so the copy loops over N and H around a memcpy
// of each row.
// CHECK-LABEL: func @padded_interior
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK: scf.for %[[N:.*]] = %[[C0]] to %{{.*}} step %[[C1]]
// CHECK: scf.for %[[H:.*]] = %[[C0]] to %{{.*}} step %[[C1]]
// CHECK: %[[SRC:.*]] = memref.subview %{{.*}}[%[[N]], %[[H]], 0, 0] [1, 1, 112, 32] [1, 1, 1, 1] : memref<1x112x112x32xi8> to memref<112x32xi8, strided<[32, 1], offset: ?>>
// CHECK: %[[DST:.*]] = memref.subview %{{.*}}[%[[N]], %[[H]], 0, 0] [1, 1, 112, 32] [1, 1, 1, 1] : memref<1x112x112x32xi8, strided<[415872, 3648, 32, 1], offset: 3680>> to memref<112x32xi8, strided<[32, 1], offset: ?>>
// CHECK: memref.copy %[[SRC]], %[[DST]]
// CHECK-NOT: linalg.copy
func.func @padded_interior(%a: memref<1x112x112x32xi8>, %b: memref<1x112x112x32xi8, strided<[415872, 3648, 32, 1], offset: 3680>>) {
  memref.copy %a, %b : memref<1x112x112x32xi8> to memref<1x112x112x32xi8, strided<[415872, 3648, 32, 1], offset: 3680>>
  return
}

// -----

// Padded channels (3 of 4): the contiguous runs are 3 bytes, too short for
// a call; element loops.
// CHECK-LABEL: func @padded_channels
// CHECK: linalg.copy ins(%{{.*}} : memref<1x8x8x3xi8>) outs(%{{.*}} : memref<1x8x8x3xi8, strided<[400, 40, 4, 1], offset: 44>>)
// CHECK-NOT: memref.copy
func.func @padded_channels(%a: memref<1x8x8x3xi8>, %b: memref<1x8x8x3xi8, strided<[400, 40, 4, 1], offset: 44>>) {
  memref.copy %a, %b : memref<1x8x8x3xi8> to memref<1x8x8x3xi8, strided<[400, 40, 4, 1], offset: 44>>
  return
}
