// Each bad input gives one clear line and exit code 1.
// RUN: not qedge-compile %s -o %t.o --target=riscv64 2>&1 | FileCheck %s --check-prefix=TARGET --implicit-check-not='{{.}}'
// TARGET: qedge-compile: unknown target 'riscv64'; expected one of: host, x86-64, x86-64-v3, x86-64-v4, x86-64-v4+vnni, aarch64, aarch64+dotprod, aarch64+i8mm

// RUN: not qedge-compile %s -o %t.o --target=aarch64 --mcpu=pentium4 2>&1 | FileCheck %s --check-prefix=CPU --implicit-check-not='{{.}}'
// CPU: qedge-compile: unknown CPU 'pentium4' for target 'aarch64'

// RUN: not qedge-compile %s -o %t.dir/missing/out.o --entry=add 2>&1 | FileCheck %s --check-prefix=UNWRITABLE --implicit-check-not='{{.}}'
// UNWRITABLE: qedge-compile: {{.*}}missing/out.o{{.*}}No such file or directory

// RUN: not qedge-compile %s -o %t.exe --emit=exe 2>&1 | FileCheck %s --check-prefix=NOENTRY --implicit-check-not='{{.}}'
// NOENTRY: qedge-compile: --emit=exe needs --entry=NAME

// RUN: not qedge-compile %s -o %t.o --entry=nothere 2>&1 | FileCheck %s --check-prefix=MISSING --implicit-check-not='{{.}}'
// MISSING: qedge-compile: no function 'nothere' in '{{.*}}errors.mlir' (public functions: main, add, unsupported, dynamic)

// RUN: not qedge-compile %s -o %t.o --entry=dynamic 2>&1 | FileCheck %s --check-prefix=DYNAMIC --implicit-check-not='{{.}}'
// DYNAMIC: qedge-compile: argument 1 of 'dynamic' has type tensor<?xi32>; the entry must take and return statically shaped tensors{{.*}}

// An op the lowering does not know: a located diagnostic, then one line.
// RUN: not qedge-compile %s -o %t.o --entry=unsupported 2>&1 | FileCheck %s --check-prefix=NOLOWER
// NOLOWER: errors.mlir:49:{{[0-9]+}}: error:
// NOLOWER: qedge-compile: lowering '{{.*}}errors.mlir' for target 'host' failed

// RUN: not qedge-compile %s -o %t.o --symbol-prefix=9bad_ --entry=add 2>&1 | FileCheck %s --check-prefix=PREFIX --implicit-check-not='{{.}}'
// PREFIX: qedge-compile: exported name '9bad_add' is not a C identifier

// RUN: not qedge-compile %s -o %t.o --entry=main 2>&1 | FileCheck %s --check-prefix=MAIN --implicit-check-not='{{.}}'
// MAIN: qedge-compile: exported name 'main' would clash with the C entry point; use --symbol-prefix
// An executable may run a function called main.
// RUN: qedge-compile %s -o %t.exe --entry=main --emit=exe
// RUN: %python -c "import numpy as np; np.save('%t.in.npy', np.arange(4, dtype=np.int32))"
// RUN: %t.exe --input=%t.in.npy --output=%t.out.npy
// RUN: %python -c "import numpy as np; print(np.load('%t.out.npy').tolist())" | FileCheck %s --check-prefix=MAINOUT
// MAINOUT: [0, -1, -2, -3]

func.func @main(%a: tensor<4xi32>) -> tensor<4xi32> {
  %0 = arith.subi %a, %a : tensor<4xi32>
  %1 = arith.subi %0, %a : tensor<4xi32>
  return %1 : tensor<4xi32>
}

func.func @add(%a: tensor<4xi32>) -> tensor<4xi32> {
  %0 = arith.addi %a, %a : tensor<4xi32>
  return %0 : tensor<4xi32>
}

func.func @unsupported(%a: tensor<1x4x4x1xf32>) -> tensor<1x4x4x1xf32> {
  %0 = tosa.custom %a {domain_name = "vendor", operator_name = "op", implementation_attrs = ""} : (tensor<1x4x4x1xf32>) -> tensor<1x4x4x1xf32>
  return %0 : tensor<1x4x4x1xf32>
}

func.func @dynamic(%a: tensor<?xi32>) -> tensor<?xi32> {
  return %a : tensor<?xi32>
}
