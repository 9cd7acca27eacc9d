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

// -----

// On x86, a masked store whose constant mask enables one lane stores that
// lane (llvm/llvm-project#179489: LLVM 22 stores the untruncated element of a
// truncated vector); other masks stay masked stores.
// CHECK-LABEL: llvm.func @one_lane
// CHECK-SAME: (%[[V:.*]]: vector<16xi8>, %[[P:.*]]: !llvm.ptr, %[[M:.*]]: vector<16xi1>)
// CHECK: %[[I0:.*]] = llvm.mlir.constant(0 : i64) : i64
// CHECK: %[[E0:.*]] = llvm.extractelement %[[V]][%[[I0]] : i64] : vector<16xi8>
// CHECK: llvm.store %[[E0]], %[[P]] {alignment = 1 : i64} : i8, !llvm.ptr
// CHECK: %[[I3:.*]] = llvm.mlir.constant(3 : i64) : i64
// CHECK: %[[E3:.*]] = llvm.extractelement %{{.*}}[%[[I3]] : i64] : vector<4xi32>
// CHECK: %[[G3:.*]] = llvm.getelementptr %[[P]][3] : (!llvm.ptr) -> !llvm.ptr, i32
// CHECK: llvm.store %[[E3]], %[[G3]] {alignment = 4 : i64} : i32, !llvm.ptr
// CHECK: llvm.intr.masked.store %[[V]], %[[P]], %{{.*}} {alignment = 1 : i32}
// CHECK: llvm.intr.masked.store %[[V]], %[[P]], %[[M]] {alignment = 1 : i32}
// CHECK-NOT: llvm.store
module attributes {qedge.target = #qedge.target<name = "x86-64-v4", triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "", vector_bits = 512, vector_registers = 32, int8_dot = "none">} {
  llvm.func @one_lane(%v: vector<16xi8>, %p: !llvm.ptr, %m: vector<16xi1>) {
    %first = llvm.mlir.constant(dense<[true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false]> : vector<16xi1>) : vector<16xi1>
    llvm.intr.masked.store %v, %p, %first {alignment = 1 : i32} : vector<16xi8>, vector<16xi1> into !llvm.ptr
    %w = llvm.mlir.constant(dense<7> : vector<4xi32>) : vector<4xi32>
    %fourth = llvm.mlir.constant(dense<[false, false, false, true]> : vector<4xi1>) : vector<4xi1>
    llvm.intr.masked.store %w, %p, %fourth {alignment = 16 : i32} : vector<4xi32>, vector<4xi1> into !llvm.ptr
    %two = llvm.mlir.constant(dense<[true, true, false, false, false, false, false, false, false, false, false, false, false, false, false, false]> : vector<16xi1>) : vector<16xi1>
    llvm.intr.masked.store %v, %p, %two {alignment = 1 : i32} : vector<16xi8>, vector<16xi1> into !llvm.ptr
    llvm.intr.masked.store %v, %p, %m {alignment = 1 : i32} : vector<16xi8>, vector<16xi1> into !llvm.ptr
    llvm.return
  }
}

// -----

// Other targets keep the masked store.
// CHECK-LABEL: llvm.func @one_lane_aarch64
// CHECK: llvm.intr.masked.store
// CHECK-NOT: llvm.store
module attributes {qedge.target = #qedge.target<name = "aarch64", triple = "aarch64-unknown-linux-gnu", cpu = "generic", features = "+neon", vector_bits = 128, vector_registers = 32, int8_dot = "none">} {
  llvm.func @one_lane_aarch64(%v: vector<16xi8>, %p: !llvm.ptr) {
    %first = llvm.mlir.constant(dense<[true, false, false, false, false, false, false, false, false, false, false, false, false, false, false, false]> : vector<16xi1>) : vector<16xi1>
    llvm.intr.masked.store %v, %p, %first {alignment = 1 : i32} : vector<16xi8>, vector<16xi1> into !llvm.ptr
    llvm.return
  }
}
