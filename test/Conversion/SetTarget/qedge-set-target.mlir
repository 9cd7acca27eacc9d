// RUN: qedge-opt %s -qedge-set-target=target=x86-64-v4+vnni | FileCheck %s --check-prefix=VNNI
// RUN: qedge-opt %s -qedge-set-target=target=aarch64+dotprod | FileCheck %s --check-prefix=ARM
// RUN: not qedge-opt %s -qedge-set-target=target=riscv 2>&1 | FileCheck %s --check-prefix=BAD

// VNNI: module attributes {llvm.target_triple = "x86_64-unknown-linux-gnu"}
// VNNI: llvm.func @f() attributes {target_cpu = "x86-64-v4", target_features = #llvm.target_features<["+avx512vnni"]>}
// VNNI: llvm.func @external()
// VNNI-NOT: target_cpu
// ARM: module attributes {llvm.target_triple = "aarch64-unknown-linux-gnu"}
// ARM: llvm.func @f() attributes {target_cpu = "generic", target_features = #llvm.target_features<["+neon", "+dotprod"]>}
// BAD: error: unknown target 'riscv'; expected one of: host, x86-64, x86-64-v3, x86-64-v4, x86-64-v4+vnni, aarch64, aarch64+dotprod, aarch64+i8mm

llvm.func @f() {
  llvm.return
}
llvm.func @external()
