//===- Passes.td - qedge transformation passes -------------*- tablegen -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_DIALECT_QEDGE_TRANSFORMS_PASSES_TD
#define QEDGE_DIALECT_QEDGE_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def QEdgeInsertCalibration
    : Pass<"qedge-insert-calibration", "::mlir::func::FuncOp"> {
  let summary = "Marks the float tensors whose range calibration must learn";
  let description = [{
    Inserts `qedge.calibrate` on every f32 tensor of a float (TOSA) network
    that will need its own quantized type:

    * each tensor argument of the function (the network's inputs);
    * the result of each op that computes new values (`tosa.conv2d`,
      `tosa.depthwise_conv2d`, `tosa.matmul`, `tosa.add`, `tosa.sub`,
      `tosa.mul`, `tosa.avg_pool2d`, `tosa.concat`, `tosa.sigmoid`,
      `tosa.tanh`, `tosa.clamp`), after its fused activation: when the
      only user of a result is a `tosa.clamp` (a ReLU or ReLU6 the
      quantized op will fuse), the clamp's result is marked instead, and a
      `tosa.matmul` followed by the `tosa.add` of a constant (a fully
      connected layer and its bias) is marked after the add. The inputs of
      an add or a concat are such results, so they are marked.

    Ops that only move values (`tosa.reshape`, `tosa.transpose`,
    `tosa.max_pool2d`, `tosa.pad`, slices) keep their input's type and get
    no marker. The pass is idempotent: a tensor already marked is left
    alone. Each marker takes the location of the tensor it observes, so
    the calibration tool's messages and report name it.

    ```mlir
    %0 = tosa.conv2d ...
    %1 = tosa.clamp %0 {min_val = 0.0 : f32, max_val = 6.0 : f32} ...
    // becomes
    %1 = tosa.clamp %0 ...
    %2 = qedge.calibrate %1 : tensor<1x8x8x16xf32>
    ```
  }];
  let options = [
    Option<"markArguments", "mark-arguments", "bool", /*default=*/"true",
           "Mark the function's tensor arguments (the network's inputs)">,
    Option<"markResults", "mark-results", "bool", /*default=*/"true",
           "Mark the results of the ops that compute new values">
  ];
  let dependentDialects = ["::mlir::qedge::QEdgeDialect"];
}

def QEdgeQuantizeCalibrated
    : Pass<"qedge-quantize-calibrated", "::mlir::ModuleOp"> {
  let summary = "Quantizes a calibrated float network into qedge ops";
  let description = [{
    Rewrites a float (TOSA) network whose `qedge.calibrate` markers carry
    statistics into the quantized level, choosing each activation's range
    with `method` (docs/Calibration.md defines each method):

    * each marked tensor gets a `!quant.uniform` type with `activation-bits`
      bits of signed storage, symmetric (Z = 0, narrow range) or asymmetric
      (`scheme`), from the range the method picks;
    * `tosa.conv2d`, `tosa.depthwise_conv2d` and a fully connected layer
      (reshape, `tosa.matmul` with constant weights, bias add) become
      `qedge.conv2d` / `qedge.fully_connected`: weights quantized at compile
      time with `weight-bits` bits, symmetric, per output channel
      (`per-channel`, the default) or per tensor; the bias to i32 at
      S_in · S_w; a following ReLU / ReLU6 (`tosa.clamp`) fused;
    * `tosa.add`, `tosa.sub`, `tosa.mul`, `tosa.avg_pool2d` (a global one
      becomes `qedge.global_avg_pool`), `tosa.max_pool2d`, `tosa.concat`,
      `tosa.clamp`, `tosa.sigmoid` / `tosa.tanh` (tables), `tosa.reshape`,
      `tosa.transpose` and `tosa.pad` become their `qedge` ops; ops whose
      input and output must share a type (max pool; average pool in
      `gemmlowp` and `rndnu` mode) are given the input's;
    * `qedge.quantize` at the network's inputs and `qedge.dequantize` at its
      outputs keep the function's signature float.

    An op it cannot quantize stays float, between a `qedge.dequantize` and
    a `qedge.quantize`, with a remark. The discardable attributes
    `qedge.activation_bits` and `qedge.weight_bits` on a float op override
    the options for that op's output and weights. `report` writes, for
    every marked tensor and every method, the range, scale, zero point,
    share of calibration values clipped and the SQNR of quantizing them
    (JSON; docs/Calibration.md gives the schema).
  }];
  let options = [
    Option<"method", "method", "std::string", /*default=*/"\"minmax\"",
           "Range method: minmax, moving-average, mean-std, percentile, "
           "entropy or mse">,
    Option<"methodParam", "method-param", "double", /*default=*/"-1.0",
           "The method's parameter: the averaging constant (moving-average), "
           "k (mean-std) or the percentile; negative: the method's default">,
    Option<"activationBits", "activation-bits", "unsigned", /*default=*/"8",
           "Bits of activation storage (2 to 16)">,
    Option<"weightBits", "weight-bits", "unsigned", /*default=*/"8",
           "Bits of weight storage (2 to 16)">,
    Option<"scheme", "scheme", "std::string", /*default=*/"\"asymmetric\"",
           "Activations: symmetric or asymmetric">,
    Option<"perChannel", "per-channel", "bool", /*default=*/"true",
           "Weights quantized per output channel (else per tensor)">,
    Option<"rounding", "rounding", "std::string", /*default=*/"\"gemmlowp\"",
           "Requantization mode: gemmlowp, rndnu or fp32">,
    Option<"report", "report", "std::string", /*default=*/"\"\"",
           "Write the per-tensor report (JSON) to this file">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::quant::QuantDialect",
    "::mlir::qedge::QEdgeDialect"
  ];
}

def QEdgeAddBatchedEntry
    : Pass<"qedge-add-batched-entry", "::mlir::ModuleOp"> {
  let summary = "Adds a function that runs an entry over many samples";
  let description = [{
    Adds `@<entry>_batched` (or `name`): it takes the entry's tensors with
    `samples` in their first dimension, calls the entry on each group of
    its own first dimension (`scf.for` over `tensor.extract_slice`), and
    returns each result concatenated along its first dimension. A program
    compiled for batch 1 then runs a whole data set in one call: what
    `qedge-run --batched` does in memory, for `qedge-compile`.

    ```mlir
    // -qedge-add-batched-entry="samples=6" on
    func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32>
    // adds
    func.func @main_batched(%x: tensor<6x3xf32>) -> tensor<6x3xf32>
    ```
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"main\"",
           "The function to run over the samples">,
    Option<"samples", "samples", "int64_t", /*default=*/"0",
           "The number of samples (a multiple of the entry's first "
           "dimension)">,
    Option<"name", "name", "std::string", /*default=*/"\"\"",
           "The new function's name (default: <entry>_batched)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

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
