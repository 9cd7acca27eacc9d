// RUN: qedge-opt %s -split-input-file -verify-diagnostics | FileCheck %s
// RUN: qedge-opt %s -split-input-file -verify-diagnostics -mlir-print-op-generic | qedge-opt -split-input-file | FileCheck %s

// CHECK: module attributes {qedge.target = #qedge.target<name = "aarch64+i8mm", triple = "aarch64-unknown-linux-gnu", cpu = "generic", features = "+neon,+dotprod,+i8mm", vector_bits = 128, vector_registers = 32, int8_dot = "smmla">}
module attributes {qedge.target = #qedge.target<name = "aarch64+i8mm", triple = "aarch64-unknown-linux-gnu", cpu = "generic", features = "+neon,+dotprod,+i8mm", vector_bits = 128, vector_registers = 32, int8_dot = "smmla">} {}

// -----

// expected-error@+1 {{vector_bits must be a positive multiple of 128, got 96}}
module attributes {qedge.target = #qedge.target<name = "t", triple = "x86_64-unknown-linux-gnu", cpu = "x86-64", features = "", vector_bits = 96, vector_registers = 16, int8_dot = "none">} {}

// -----

// expected-error@+1 {{vector_registers must be positive}}
module attributes {qedge.target = #qedge.target<name = "t", triple = "x86_64-unknown-linux-gnu", cpu = "x86-64", features = "", vector_bits = 128, vector_registers = 0, int8_dot = "none">} {}

// -----

// expected-error@+1 {{unknown int8_dot instruction 'vpdpwssd'}}
module attributes {qedge.target = #qedge.target<name = "t", triple = "x86_64-unknown-linux-gnu", cpu = "x86-64", features = "", vector_bits = 128, vector_registers = 16, int8_dot = "vpdpwssd">} {}

// -----

// expected-error@+1 {{target name, triple and cpu must not be empty}}
module attributes {qedge.target = #qedge.target<name = "", triple = "x86_64-unknown-linux-gnu", cpu = "x86-64", features = "", vector_bits = 128, vector_registers = 16, int8_dot = "none">} {}
