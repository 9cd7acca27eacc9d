// RUN: qedge-opt %s -qedge-set-target=target=x86-64-v4+vnni | FileCheck %s --check-prefix=VNNI
// RUN: qedge-opt %s -qedge-set-target=target=x86-64-v3 | FileCheck %s --check-prefix=AVX2
// RUN: qedge-opt %s -qedge-set-target=target=x86-64 | FileCheck %s --check-prefix=BASE
// RUN: qedge-opt %s -qedge-set-target=target=aarch64 | FileCheck %s --check-prefix=NEON
// RUN: qedge-opt %s -qedge-set-target=target=aarch64+dotprod | FileCheck %s --check-prefix=DOT
// RUN: qedge-opt %s -qedge-set-target=target=aarch64+i8mm | FileCheck %s --check-prefix=I8MM
// RUN: qedge-opt %s -qedge-set-target=target=host | FileCheck %s --check-prefix=HOST
// RUN: not qedge-opt %s -qedge-set-target=target=riscv 2>&1 | FileCheck %s --check-prefix=BAD

// The table's code generation description travels with the module.
// VNNI: module attributes {qedge.target = #qedge.target<name = "x86-64-v4+vnni", triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "+avx512vnni", vector_bits = 512, vector_registers = 32, int8_dot = "vpdpbusd">}
// AVX2: #qedge.target<name = "x86-64-v3", triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v3", features = "", vector_bits = 256, vector_registers = 16, int8_dot = "pmadd">
// BASE: #qedge.target<name = "x86-64", triple = "x86_64-unknown-linux-gnu", cpu = "x86-64", features = "", vector_bits = 128, vector_registers = 16, int8_dot = "none">
// NEON: #qedge.target<name = "aarch64", triple = "aarch64-unknown-linux-gnu", cpu = "generic", features = "+neon", vector_bits = 128, vector_registers = 32, int8_dot = "smull">
// DOT: #qedge.target<name = "aarch64+dotprod", {{.*}} features = "+neon,+dotprod", vector_bits = 128, vector_registers = 32, int8_dot = "sdot">
// I8MM: #qedge.target<name = "aarch64+i8mm", {{.*}} features = "+neon,+dotprod,+i8mm", vector_bits = 128, vector_registers = 32, int8_dot = "smmla">
// HOST: #qedge.target<name = "host", triple = "{{.+}}", cpu = "{{.+}}", features = "{{.*}}", vector_bits = {{[0-9]+}}, vector_registers = {{[0-9]+}}, int8_dot = "{{[a-z0-9]+}}">
// The list in the message comes from the table.
// BAD: error: unknown target 'riscv'; expected one of: host, x86-64, x86-64-v3, x86-64-v4, x86-64-v4+vnni, aarch64, aarch64+dotprod, aarch64+i8mm

// Ops are left alone.
// VNNI: func.func @f
func.func @f() {
  return
}
