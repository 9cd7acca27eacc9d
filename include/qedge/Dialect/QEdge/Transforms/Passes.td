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

def QEdgeFoldQuant : Pass<"qedge-fold-quant", "::mlir::ModuleOp"> {
  let summary = "Fold scales and zero points into integer-only code";
  let description = [{
    Rewrites the quantized level into the integer-only level, exactly as
    `docs/QuantizationSpec.md` defines it:

    * `qedge.conv2d` becomes `qedge.int_conv2d` + `qedge.rescale`. Per output
      channel, M = S_in · S_w[c] / S_out becomes a Q31 multiplier and an
      exponent (`gemmlowp`, `rndnu`) or a float32 multiplier (`fp32`). The
      input zero point's terms Zx · Σw and K · Zx · Zw fold into the bias at
      compile time; a non-zero weight zero point stays as the per-pixel
      Zw · Σx term; the input is padded with Zx. The fused clamp becomes the
      rescale's bounds, rounded by the mode's rule. The accumulator is i32
      when a static bound on the actual weights, bias and input range fits,
      else i64.
    * `qedge.fully_connected` is the same 1×1 convolution (its rows the
      pixels of a one-row image); `qedge.matmul` becomes its integer
      accumulator (ONNX's MatMulInteger, the Zw · Σx and Zx · Σw terms at run
      time where both operands are activations) + `qedge.rescale`.
    * `qedge.add`, `qedge.sub` and `qedge.mul` become integer arithmetic on
      the offset inputs and `qedge.rescale`s (TFLite's add: inputs shifted
      left by 20, or 15 for 16-bit data); pooling and `qedge.global_avg_pool`
      become integer window sums, a rescale and the spec's rounding
      division; `qedge.table` becomes a 256-entry constant computed at
      compile time and a lookup; `qedge.concat` rescales the inputs whose
      type differs from the result's; `qedge.clamp`, `qedge.pad`,
      `qedge.reshape` and `qedge.transpose` act on the stored values.
    * `qedge.requantize` becomes a `qedge.rescale`; `qedge.quantize` and
      `qedge.dequantize` become the spec's float32 arithmetic
      (`linalg.generic`), NaN and infinities included.
    * Every value of a `!quant.uniform` type becomes its storage integer type
      (signless), function signatures included.

    Filters and biases must be constants (`arith.constant` + `quant.scast`):
    their sums are folded at compile time.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::quant::QuantDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

#endif // QEDGE_DIALECT_QEDGE_TRANSFORMS_PASSES_TD
