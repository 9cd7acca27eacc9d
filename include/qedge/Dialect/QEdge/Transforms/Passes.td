//===- Passes.td - qedge transformation passes -------------*- tablegen -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_DIALECT_QEDGE_TRANSFORMS_PASSES_TD
#define QEDGE_DIALECT_QEDGE_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def QEdgeStripCalibration : Pass<"qedge-strip-calibration"> {
  let summary = "Removes calibration markers, keeping the float network";
  let description = [{
    Replaces every `qedge.calibrate` by its operand. Use it to run or export
    the float network a calibrated file describes, or to drop the markers of
    tensors that should stay in float.

    With `keep-calibrated`, only the markers that carry no statistics yet are
    removed.
  }];
  let options = [
    Option<"keepCalibrated", "keep-calibrated", "bool", /*default=*/"false",
           "Keep the markers that already carry statistics">
  ];
}

#endif // QEDGE_DIALECT_QEDGE_TRANSFORMS_PASSES_TD
