// The whole integer level reaches the LLVM dialect. Every line of the output
// outside the positive matches is checked (--implicit-check-not): no op,
// type or attribute of qedge, quant, linalg, tensor, bufferization, memref
// (allocations become llvm.call @malloc), scf, affine, cf, arith, math,
// vector (llvm.intr.vector.* is LLVM's), x86vector or func is left, nor an
// unrealized cast. The one qedge name left is the module's target attribute
// (set by qedge-set-target first, applied to the functions by
// qedge-apply-target-to-llvm last): the first positive check matches it, so
// it is not among the lines checked. The result is a trailing out-parameter,
// and the C interface wrapper exists.

// DEFINE: %{check} = FileCheck %s \
// DEFINE:   --implicit-check-not=qedge. --implicit-check-not=quant. \
// DEFINE:   --implicit-check-not=linalg. --implicit-check-not=tensor. \
// DEFINE:   --implicit-check-not=bufferization. \
// DEFINE:   --implicit-check-not=memref. --implicit-check-not=scf. \
// DEFINE:   --implicit-check-not=affine. --implicit-check-not=cf. \
// DEFINE:   --implicit-check-not=arith. --implicit-check-not=math. \
// DEFINE:   --implicit-check-not='{{[ "]vector\.}}' \
// DEFINE:   --implicit-check-not=x86vector. --implicit-check-not=func. \
// DEFINE:   --implicit-check-not=unrealized_conversion_cast

// RUN: qedge-opt %s -qedge-lower-to-llvm | %{check} --check-prefixes=CHECK,HOST
// RUN: qedge-opt %s -qedge-lower-to-llvm=target=x86-64-v3 \
// RUN:   | %{check} --check-prefixes=CHECK,V3
// RUN: not qedge-opt %s -qedge-lower-to-llvm=target=x86-64-v5 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD

// HOST: module attributes {{{.*}}qedge.target = #qedge.target<name = "host", triple = "{{[^"]+}}", cpu = "{{[^"]+}}"
// V3: module attributes {llvm.target_triple = "x86_64-unknown-linux-gnu", qedge.target = #qedge.target<name = "x86-64-v3", triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v3"
// CHECK: llvm.func @conv(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: i64,
// V3-SAME: target_cpu = "x86-64-v3"
// CHECK: llvm.func @_mlir_ciface_conv(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
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
