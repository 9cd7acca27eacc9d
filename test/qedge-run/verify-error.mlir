// A module that parses but does not verify: the verifier's diagnostic, with
// its location, and exit code 1.

// RUN: not qedge-run %s --entry=f 2>&1 | FileCheck %s

func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // CHECK: verify-error.mlir:[[@LINE+1]]:3: error: 'func.return' op has 0 operands, but enclosing function (@f) returns 1
  return
}
