// Upstream mlir-opt, with the qedge plugin loaded as a dialect plugin and as a
// pass plugin, parses qedge ops and runs qedge passes.
// RUN: mlir-opt %s --load-dialect-plugin=%qedge_plugin | FileCheck %s --check-prefix=DIALECT
// RUN: mlir-opt %s --load-dialect-plugin=%qedge_plugin --load-pass-plugin=%qedge_plugin --pass-pipeline="builtin.module(qedge-strip-calibration)" | FileCheck %s --check-prefix=PASS
// RUN: mlir-opt %s --load-dialect-plugin=%qedge_plugin --canonicalize | FileCheck %s --check-prefix=CANON
// Without the plugin, mlir-opt does not know the dialect.
// RUN: not mlir-opt %s 2>&1 | FileCheck %s --check-prefix=NOPLUGIN

// DIALECT: qedge.calibrate
// DIALECT: qedge.quantize
// PASS-NOT: qedge.calibrate
// PASS: qedge.quantize
// CANON: arith.constant dense<[1, 2]> : tensor<2xi8>
// CANON: quant.scast
// NOPLUGIN: Dialect `qedge' not found for custom op 'qedge.calibrate'

func.func @f(%arg0: tensor<2xf32>) -> (tensor<2x!quant.uniform<i8:f32, 0.5>>, tensor<2x!quant.uniform<i8:f32, 0.5>>) {
  %0 = qedge.calibrate %arg0 : tensor<2xf32>
  %1 = qedge.quantize %0 : tensor<2xf32> -> tensor<2x!quant.uniform<i8:f32, 0.5>>
  %cst = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %2 = qedge.quantize %cst : tensor<2xf32> -> tensor<2x!quant.uniform<i8:f32, 0.5>>
  return %1, %2 : tensor<2x!quant.uniform<i8:f32, 0.5>>, tensor<2x!quant.uniform<i8:f32, 0.5>>
}
