// RUN: qedge-opt %s -split-input-file -verify-diagnostics -qedge-apply-target-to-llvm | FileCheck %s

// CHECK: module attributes {llvm.target_triple = "x86_64-unknown-linux-gnu", qedge.target = #qedge.target<
// CHECK: llvm.func @f() attributes {target_cpu = "x86-64-v4", target_features = #llvm.target_features<["+avx512vnni"]>}
// CHECK: llvm.func @external()
// CHECK-NOT: target_cpu
module attributes {qedge.target = #qedge.target<name = "x86-64-v4+vnni", triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "+avx512vnni", vector_bits = 512, vector_registers = 32, int8_dot = "vpdpbusd">} {
  llvm.func @f() {
    llvm.return
  }
  llvm.func @external()
}

// -----

// CHECK: module attributes {llvm.target_triple = "aarch64-unknown-linux-gnu"
// CHECK: llvm.func @g() attributes {target_cpu = "generic", target_features = #llvm.target_features<["+neon", "+dotprod"]>}
module attributes {qedge.target = #qedge.target<name = "aarch64+dotprod", triple = "aarch64-unknown-linux-gnu", cpu = "generic", features = "+neon,+dotprod", vector_bits = 128, vector_registers = 32, int8_dot = "sdot">} {
  llvm.func @g() {
    llvm.return
  }
}

// -----

// expected-error@+1 {{module has no 'qedge.target' attribute; run qedge-set-target first}}
module {
  llvm.func @h() {
    llvm.return
  }
}
