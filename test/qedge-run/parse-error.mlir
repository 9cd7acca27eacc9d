// A malformed module: the parser's diagnostic, with its location, and exit
// code 1.

// RUN: not qedge-run %s --entry=f 2>&1 | FileCheck %s

func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  // CHECK: parse-error.mlir:[[@LINE+1]]:22: error: expected SSA operand
  %r = arith.addi %a, : tensor<2xi32>
  return %r : tensor<2xi32>
}
