// Errors in the entry, its signature or the inputs: one line each on stderr
// and exit code 1, before anything is compiled.

// RUN: %python -c "import numpy as np; np.save('%t.i32.npy', np.zeros((2, 3), np.int32)); np.save('%t.f64.npy', np.zeros((2, 3), np.float64)); np.save('%t.u8.npy', np.zeros((2, 3), np.uint8)); np.save('%t.shape.npy', np.zeros((1, 4), np.int32)); np.save('%t.rank.npy', np.zeros(6, np.int32))"

// RUN: not qedge-run %s --entry=nope --input=%t.i32.npy 2>&1 | FileCheck %s --check-prefix=NO-ENTRY --implicit-check-not='{{.}}'
// NO-ENTRY: qedge-run: no function 'nope' in '{{.*}}errors.mlir' (public functions: add, dynamic, quantized, float64, scalar, strided)

// RUN: not qedge-run %s --entry=declared 2>&1 | FileCheck %s --check-prefix=DECL --implicit-check-not='{{.}}'
// DECL: qedge-run: 'declared' in '{{.*}}errors.mlir' is a declaration without a body (public functions: add, dynamic, quantized, float64, scalar, strided)

// RUN: not qedge-run %s --entry=table 2>&1 | FileCheck %s --check-prefix=NOT-FUNC --implicit-check-not='{{.}}'
// NOT-FUNC: qedge-run: 'table' in '{{.*}}errors.mlir' is not a func.func (public functions: add, dynamic, quantized, float64, scalar, strided)

// RUN: not qedge-run %s --entry=add --input=%t.i32.npy 2>&1 | FileCheck %s --check-prefix=FEW --implicit-check-not='{{.}}'
// FEW: qedge-run: 'add' takes 2 arguments, but --input was given 1 time

// RUN: not qedge-run %s --entry=add --input=%t.i32.npy --input=%t.i32.npy --input=%t.i32.npy 2>&1 | FileCheck %s --check-prefix=MANY --implicit-check-not='{{.}}'
// MANY: qedge-run: 'add' takes 2 arguments, but --input was given 3 times

// RUN: not qedge-run %s --entry=add --input=%t.i32.npy --input=%t.i32.npy --output=%t.y.npy --output=%t.z.npy 2>&1 | FileCheck %s --check-prefix=OUTPUTS --implicit-check-not='{{.}}'
// OUTPUTS: qedge-run: 'add' returns 1 result, but --output was given 2 times

// RUN: not qedge-run %s --entry=add --input=%t.i32.npy --input=%t.f64.npy 2>&1 | FileCheck %s --check-prefix=DTYPE --implicit-check-not='{{.}}'
// DTYPE: qedge-run: input 2 ('{{.*}}.f64.npy'): dtype float64 does not match argument type tensor<2x3xi32>

// uint8 passes for i8 only, not for i32.
// RUN: not qedge-run %s --entry=add --input=%t.u8.npy --input=%t.i32.npy 2>&1 | FileCheck %s --check-prefix=UNSIGNED --implicit-check-not='{{.}}'
// UNSIGNED: qedge-run: input 1 ('{{.*}}.u8.npy'): dtype uint8 does not match argument type tensor<2x3xi32>

// RUN: not qedge-run %s --entry=add --input=%t.i32.npy --input=%t.shape.npy 2>&1 | FileCheck %s --check-prefix=SHAPE --implicit-check-not='{{.}}'
// SHAPE: qedge-run: input 2 ('{{.*}}.shape.npy'): shape [1, 4] does not match argument type tensor<2x3xi32>

// Same number of elements, different rank: still a mismatch.
// RUN: not qedge-run %s --entry=add --input=%t.rank.npy --input=%t.i32.npy 2>&1 | FileCheck %s --check-prefix=RANK --implicit-check-not='{{.}}'
// RANK: qedge-run: input 1 ('{{.*}}.rank.npy'): shape [6] does not match argument type tensor<2x3xi32>

// RUN: not qedge-run %s --entry=dynamic --input=%t.i32.npy 2>&1 | FileCheck %s --check-prefix=DYNAMIC --implicit-check-not='{{.}}'
// DYNAMIC: qedge-run: argument 1 of 'dynamic' has type tensor<?x3xi32>; the entry must take and return statically shaped tensors or memrefs (identity layout) of i8, i16, i32, i64, f32 or !quant.uniform with i8, i16 or i32 storage

// RUN: not qedge-run %s --entry=quantized --input=%t.i32.npy 2>&1 | FileCheck %s --check-prefix=QUANT --implicit-check-not='{{.}}'
// A quantized argument is passed as its storage: int8 (or uint8), not int32.
// QUANT: qedge-run: input 1 ('{{.*}}.i32.npy'): dtype int32 does not match argument type tensor<4x!quant.uniform<i8:f32, 5.000000e-01:3>>

// RUN: not qedge-run %s --entry=float64 --input=%t.f64.npy 2>&1 | FileCheck %s --check-prefix=RESULT --implicit-check-not='{{.}}'
// RESULT: qedge-run: result 1 of 'float64' has type tensor<2x3xf64>; the entry must take and return statically shaped tensors or memrefs (identity layout) of i8, i16, i32, i64, f32 or !quant.uniform with i8, i16 or i32 storage

// RUN: not qedge-run %s --entry=scalar 2>&1 | FileCheck %s --check-prefix=SCALAR --implicit-check-not='{{.}}'
// SCALAR: qedge-run: argument 1 of 'scalar' has type i32; the entry must take and return statically shaped tensors or memrefs (identity layout) of i8, i16, i32, i64, f32 or !quant.uniform with i8, i16 or i32 storage

// RUN: not qedge-run %s --entry=strided --input=%t.i32.npy 2>&1 | FileCheck %s --check-prefix=STRIDED --implicit-check-not='{{.}}'
// STRIDED: qedge-run: argument 1 of 'strided' has type memref<2x3xi32, strided<[6, 2]>>; the entry must take and return statically shaped tensors or memrefs (identity layout) of i8, i16, i32, i64, f32 or !quant.uniform with i8, i16 or i32 storage

// RUN: not qedge-run %s --entry=add --input=%t.i32.npy --input=%t.i32.npy --target=no-such-cpu 2>&1 | FileCheck %s --check-prefix=TARGET --implicit-check-not='{{.}}'
// TARGET: qedge-run: unknown target 'no-such-cpu'; expected one of: host, x86-64, {{.*}}

// RUN: not qedge-run %t.no-such-file.mlir 2>&1 | FileCheck %s --check-prefix=NO-FILE --implicit-check-not='{{.}}'
// NO-FILE: qedge-run: cannot open input file '{{.*}}no-such-file.mlir': No such file or directory

func.func @add(%a: tensor<2x3xi32>, %b: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %sum = arith.addi %a, %b : tensor<2x3xi32>
  return %sum : tensor<2x3xi32>
}

func.func @dynamic(%a: tensor<?x3xi32>) -> tensor<?x3xi32> {
  return %a : tensor<?x3xi32>
}

func.func @quantized(%a: tensor<4x!quant.uniform<i8:f32, 0.5:3>>)
    -> tensor<4x!quant.uniform<i8:f32, 0.5:3>> {
  return %a : tensor<4x!quant.uniform<i8:f32, 0.5:3>>
}

func.func @float64(%a: tensor<2x3xi32>) -> tensor<2x3xf64> {
  %f = arith.sitofp %a : tensor<2x3xi32> to tensor<2x3xf64>
  return %f : tensor<2x3xf64>
}

func.func @scalar(%a: i32) -> i32 {
  return %a : i32
}

func.func @strided(%a: memref<2x3xi32, strided<[6, 2]>>) {
  return
}

func.func private @declared(%a: tensor<2x3xi32>) -> tensor<2x3xi32>

memref.global "private" constant @table : memref<2xi32> = dense<[1, 2]>
