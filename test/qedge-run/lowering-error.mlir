// Failures after the checks of the signature: a module the pipeline cannot
// lower (located diagnostics, then one summary line), and a call to a
// function that neither the module nor the process defines.

// RUN: %python -c "import numpy as np; np.save('%t.a.npy', np.arange(2, dtype=np.int32))"
// RUN: split-file %s %t
// RUN: not qedge-run %t/opaque.mlir --entry=opaque --input=%t.a.npy 2>&1 | FileCheck %s --check-prefix=LOWER
// RUN: not qedge-run %t/external.mlir --entry=call_external --input=%t.a.npy 2>&1 | FileCheck %s --check-prefix=EXTERNAL --implicit-check-not='{{.}}'

// LOWER: opaque.mlir:2:8: error:
// LOWER: qedge-run: lowering '{{.*}}opaque.mlir' to LLVM failed

// EXTERNAL: qedge-run: the module calls 'undefined_function', which it does not define and qedge-run does not provide

//--- opaque.mlir
func.func @opaque(%a: tensor<2xi32>) -> tensor<2xi32> {
  %r = tosa.custom %a {domain_name = "qedge.test", operator_name = "opaque", implementation_attrs = ""} : (tensor<2xi32>) -> tensor<2xi32>
  return %r : tensor<2xi32>
}

//--- external.mlir
func.func private @undefined_function(i32) -> i32
func.func @call_external(%a: tensor<2xi32>) -> tensor<2xi32> {
  %c0 = arith.constant 0 : index
  %x = tensor.extract %a[%c0] : tensor<2xi32>
  %y = func.call @undefined_function(%x) : (i32) -> i32
  %r = tensor.insert %y into %a[%c0] : tensor<2xi32>
  return %r : tensor<2xi32>
}
