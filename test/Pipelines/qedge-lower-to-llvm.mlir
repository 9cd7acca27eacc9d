// RUN: qedge-opt %s -qedge-lower-to-llvm | FileCheck %s
// RUN: qedge-opt %s -qedge-lower-to-llvm=target=x86-64-v3 | FileCheck %s --check-prefix=V3
// RUN: not qedge-opt %s -qedge-lower-to-llvm=target=x86-64-v5 2>&1 | FileCheck %s --check-prefix=BAD

// The whole integer level reaches the LLVM dialect: no qedge, linalg, tensor
// or memref op is left, the result is a trailing out-parameter, and the C
// interface wrapper exists.
// CHECK-NOT: qedge.
// CHECK-NOT: linalg.
// CHECK-NOT: tensor.
// CHECK-NOT: memref.
// CHECK: llvm.func @conv(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64,
// CHECK: llvm.func @_mlir_ciface_conv(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// V3: target_cpu = "x86-64-v3"
// BAD: error: unknown target 'x86-64-v5'

func.func @conv(%x: tensor<1x5x5x2xi8>) -> tensor<1x5x5x2xi8> attributes {llvm.emit_c_interface} {
  %w = arith.constant dense<3> : tensor<2x3x3x2xi8>
  %b = arith.constant dense<[10, -10]> : tensor<2xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>,
      pad_value = 4, filter_zp = array<i64: 1, 0>}
      : (tensor<1x5x5x2xi8>, tensor<2x3x3x2xi8>, tensor<2xi32>) -> tensor<1x5x5x2xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>,
      shift = array<i32: -4>, output_zp = 3}
      : tensor<1x5x5x2xi32> -> tensor<1x5x5x2xi8>
  return %y : tensor<1x5x5x2xi8>
}
