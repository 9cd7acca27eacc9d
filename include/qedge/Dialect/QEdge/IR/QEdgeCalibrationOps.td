//===- QEdgeCalibrationOps.td - qedge calibration ops ------*- tablegen -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_DIALECT_QEDGE_IR_QEDGECALIBRATIONOPS_TD
#define QEDGE_DIALECT_QEDGE_IR_QEDGECALIBRATIONOPS_TD

//===----------------------------------------------------------------------===//
// CalibrateOp
//===----------------------------------------------------------------------===//

def QEdge_CalibrateOp : QEdge_Op<"calibrate", [
    SameOperandsAndResultType,
    // A calibrate op must survive DCE and CSE until the quantization pass has
    // read it: two of them observe two different tensors.
    MemoryEffects<[MemWrite]>
  ]> {
  let summary = "Marks a float tensor whose range is learned by calibration";
  let description = [{
    Returns its operand unchanged. Its presence tells the calibration pass to
    observe the tensor; after a calibration run it carries the tensor's
    statistics, from which the quantization pass picks a range with the
    method the user asks for (min/max, moving average, mean ± kσ, histogram
    percentile, entropy, MSE) without running the network again.

    `name` says which tensor it observes in messages and reports
    (`qedge-insert-calibration` takes it from the observed op's name
    location, as ONNX importers write them).

    ```mlir
    %0 = qedge.calibrate %arg0 {name = "input"} : tensor<1x8x8x3xf32>
    %1 = qedge.calibrate %arg0 stats <count = 6, min = -1.5, max = 2.25,
        mean = 0.125, std = 1.25, batch_min = [-1.5, -0.5],
        batch_max = [2.25, 1.0], bins = 4, histogram_range = 4.0,
        positive = [1, 2, 1], negative = [1, 1]> : tensor<1x8x8x3xf32>
    ```
  }];
  let arguments = (ins
    QEdge_FloatTensor:$input,
    OptionalAttr<QEdge_CalibrationStatsAttr>:$stats,
    OptionalAttr<StrAttr>:$name
  );
  let results = (outs QEdge_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`stats` $stats^)? attr-dict `:` type($input)
  }];
}

#endif // QEDGE_DIALECT_QEDGE_IR_QEDGECALIBRATIONOPS_TD
