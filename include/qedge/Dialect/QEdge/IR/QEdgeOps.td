//===- QEdgeOps.td - qedge operations ----------------------*- tablegen -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_DIALECT_QEDGE_IR_QEDGEOPS_TD
#define QEDGE_DIALECT_QEDGE_IR_QEDGEOPS_TD

include "qedge/Dialect/QEdge/IR/QEdgeAttrs.td"
include "qedge/Dialect/QEdge/IR/QEdgeDialect.td"
include "mlir/Dialect/Quant/IR/QuantBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def QEdge_FloatTensor : RankedTensorOf<[F32]>;
def QEdge_QuantizedTensor : RankedTensorOf<[quant_QuantizedType]>;
def QEdge_QuantizedTensor4D : 4DTensorOf<[quant_QuantizedType]>;
def QEdge_QuantizedTensor1D : 1DTensorOf<[quant_QuantizedType]>;

def QEdge_DefaultRounding : DefaultValuedAttr<QEdge_RoundingModeAttr,
    "::mlir::qedge::RoundingMode::gemmlowp">;

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

    ```mlir
    %0 = qedge.calibrate %arg0 : tensor<1x8x8x3xf32>
    %1 = qedge.calibrate %arg0 stats <count = 192, min = -1.0,
        max = 2.0, ema_min = -0.9, ema_max = 1.9, mean = 0.25, std = 0.75,
        hist_max = 2.0, histogram = [100, 80, 12]> : tensor<1x8x8x3xf32>
    ```
  }];
  let arguments = (ins
    QEdge_FloatTensor:$input,
    OptionalAttr<QEdge_CalibrationStatsAttr>:$stats
  );
  let results = (outs QEdge_FloatTensor:$result);
  let assemblyFormat = [{
    $input (`stats` $stats^)? attr-dict `:` type($input)
  }];
}

//===----------------------------------------------------------------------===//
// QuantizeOp
//===----------------------------------------------------------------------===//

def QEdge_QuantizeOp : QEdge_Op<"quantize", [
    Pure,
    AllShapesMatch<["input", "result"]>
  ]> {
  let summary = "Quantizes a float32 tensor";
  let description = [{
    q = clamp(round_half_even(r / S) + Z, qmin, qmax), with one float32
    division per element; NaN becomes Z, +Inf qmax and -Inf qmin. The scale S,
    zero point Z and storage range come from the result's `!quant.uniform`
    type, per tensor or per axis.

    ```mlir
    %0 = qedge.quantize %arg0 : tensor<1x8x8x3xf32>
        -> tensor<1x8x8x3x!quant.uniform<i8:f32, 0.05:-3>>
    ```
  }];
  let arguments = (ins QEdge_FloatTensor:$input);
  let results = (outs QEdge_QuantizedTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

//===----------------------------------------------------------------------===//
// DequantizeOp
//===----------------------------------------------------------------------===//

def QEdge_DequantizeOp : QEdge_Op<"dequantize", [
    Pure,
    AllShapesMatch<["input", "result"]>
  ]> {
  let summary = "Dequantizes a quantized tensor to float32";
  let description = [{
    r = S (q - Z), one float32 multiplication per element.

    `dequantize(quantize(x))` is never folded to `x`: the round trip is the
    quantization error the network is meant to see.

    ```mlir
    %0 = qedge.dequantize %arg0 : tensor<16x!quant.uniform<u8:f32, 0.1:128>>
        -> tensor<16xf32>
    ```
  }];
  let arguments = (ins QEdge_QuantizedTensor:$input);
  let results = (outs QEdge_FloatTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// RequantizeOp
//===----------------------------------------------------------------------===//

def QEdge_RequantizeOp : QEdge_Op<"requantize", [
    Pure,
    AllShapesMatch<["input", "result"]>
  ]> {
  let summary = "Changes the scale and zero point of a quantized tensor";
  let description = [{
    Maps q_in to the result type so that S_out (q_out - Z_out) approximates
    S_in (q_in - Z_in), with the multiplier S_in / S_out applied by the
    `rounding` scheme, then clamped into the result's storage range.

    ```mlir
    %0 = qedge.requantize %arg0 {rounding = #qedge.rounding<rndnu>}
        : tensor<8x!quant.uniform<i8:f32, 0.1:3>>
        -> tensor<8x!quant.uniform<i8:f32, 0.2:-1>>
    ```
  }];
  let arguments = (ins
    QEdge_QuantizedTensor:$input,
    QEdge_DefaultRounding:$rounding
  );
  let results = (outs QEdge_QuantizedTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

def QEdge_Conv2DOp : QEdge_Op<"conv2d", [Pure]> {
  let summary = "Quantized 2-D convolution (grouped, depthwise, fused clamp)";
  let description = [{
    A 2-D convolution of an NHWC input with an OHWI filter of shape
    `[OC, KH, KW, IC / groups]`, defined on the real values the quantized
    operands stand for:

    y[n, h, w, c] = clamp(Σ x[n, h·sh + kh·dh − pt, w·sw + kw·dw − pl, g·ICg + i]
                         · w[c, kh, kw, i] + b[c], clamp_min, clamp_max)

    where g = c / (OC / groups). Padded input elements equal the input's zero
    point (real value 0). The result is requantized with the `rounding`
    scheme; the multiplier of channel c is S_in · S_w[c] / S_out.

    * `input`, `result`: per-tensor quantized. Storage pairs (input ×
      filter): si8 × si8, ui8 × si8, ui8 × ui8, si16 × si8, si16 × si16
      (N-bit ranges inside these containers included).
    * `filter`: per tensor or per axis on dimension 0 (output channels).
    * `bias` (optional): i32 storage, zero point 0, scale S_in · S_w[c] to
      within 2% of the output scale (TFLite's tolerance).
    * `strides` and `dilations` are `[h, w]`; `padding` is
      `[top, bottom, left, right]`; `groups` divides both channel counts, and
      a depthwise convolution is `groups = IC` with `OC = IC · multiplier`.
    * `clamp_min` / `clamp_max` (optional) are the fused activation in real
      units: ReLU is `clamp_min = 0.0`, ReLU6 adds `clamp_max = 6.0`.
    * The output size is floor((H + pt + pb − dh(KH − 1) − 1) / sh) + 1, and
      likewise for the width; shapes are static.

    ```mlir
    %0 = qedge.conv2d %input, %filter, %bias {
        strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>,
        clamp_min = 0.0 : f32, clamp_max = 6.0 : f32}
        : (tensor<1x8x8x3x!quant.uniform<i8:f32, 0.05:-3>>,
           tensor<4x3x3x3x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.04}>>,
           tensor<4x!quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3, 5.0e-4, 2.0e-3}>>)
        -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1:-128>>
    ```
  }];
  let arguments = (ins
    QEdge_QuantizedTensor4D:$input,
    QEdge_QuantizedTensor4D:$filter,
    Optional<QEdge_QuantizedTensor1D>:$bias,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
    DefaultValuedAttr<I64Attr, "1">:$groups,
    OptionalAttr<F32Attr>:$clamp_min,
    OptionalAttr<F32Attr>:$clamp_max,
    QEdge_DefaultRounding:$rounding
  );
  let results = (outs QEdge_QuantizedTensor4D:$result);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Integer-only level
//===----------------------------------------------------------------------===//

def QEdge_StorageTensor4D : 4DTensorOf<[I8, I16]>;
def QEdge_AccumulatorTensor : RankedTensorOf<[I32, I64]>;
def QEdge_RescaleInputTensor : RankedTensorOf<[I8, I16, I32, I64]>;
def QEdge_RescaleOutputTensor : RankedTensorOf<[I8, I16, I32]>;

//===----------------------------------------------------------------------===//
// IntConv2DOp
//===----------------------------------------------------------------------===//

def QEdge_IntConv2DOp : QEdge_Op<"int_conv2d", [Pure]> {
  let summary = "Integer 2-D convolution into an i32 or i64 accumulator";
  let description = [{
    The integer-only form of `qedge.conv2d`: storage values in, accumulator
    out, no scale. With x̃ the input padded with `pad_value` (the input zero
    point, so that padded elements stand for real 0):

    acc[n, h, w, c] = bias[c] + Σ x̃[n, h·sh + kh·dh − pt, w·sw + kw·dw − pl,
                                   g·ICg + i] · (w[c, kh, kw, i] − filter_zp[c])

    computed exactly in the accumulator type (`i32` or `i64`, the bias's and
    the result's element type), where g = c / (OC / groups). The input zero
    point's terms (Zx · Σw and K · Zx · Zw) are folded into `bias` by the
    compiler; a non-zero `filter_zp` (ONNX u8 weights) makes the lowering
    compute Σx̃ once per output pixel and group, shared by its channels.

    Storage is signless: `input_unsigned` / `filter_unsigned` say that the i8
    or i16 values are read as unsigned. `filter_zp` holds one zero point per
    output channel or one for all; omitted, it is 0. Strides, padding,
    dilations and groups are those of `qedge.conv2d`.

    ```mlir
    %acc = qedge.int_conv2d %input, %filter, %bias {
        padding = array<i64: 1, 1, 1, 1>, pad_value = -3 : i64}
        : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>, tensor<4xi32>)
        -> tensor<1x8x8x4xi32>
    ```
  }];
  let arguments = (ins
    QEdge_StorageTensor4D:$input,
    QEdge_StorageTensor4D:$filter,
    1DTensorOf<[I32, I64]>:$bias,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
    DefaultValuedAttr<I64Attr, "1">:$groups,
    DefaultValuedAttr<I64Attr, "0">:$pad_value,
    OptionalAttr<DenseI64ArrayAttr>:$filter_zp,
    UnitAttr:$input_unsigned,
    UnitAttr:$filter_unsigned
  );
  let results = (outs 4DTensorOf<[I32, I64]>:$result);
  let assemblyFormat = [{
    $input `,` $filter `,` $bias attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// RescaleOp
//===----------------------------------------------------------------------===//

def QEdge_RescaleOp : QEdge_Op<"rescale", [
    Pure,
    AllShapesMatch<["input", "result"]>
  ]> {
  let summary = "Integer-only requantization by fixed-point multipliers";
  let description = [{
    y = clamp(requant(x − input_zp, M[c]) + output_zp, clamp_min, clamp_max)

    where c indexes the last dimension (channels in NHWC), or every element
    shares M[0] when the arrays hold one value. `requant` is the `rounding`
    scheme of `docs/QuantizationSpec.md`:

    * `gemmlowp` / `rndnu`: M is a Q31 `multiplier` M0 and a TFLite
      `shift` e (positive shifts left), in [−31, 30]. An i64 input uses
      TFLite's 64-bit routine (a 16-bit multiplier, one rounding), with e in
      [−31, 7].
    * `fp32`: M is a float32 `scale`; x is converted to float32, multiplied,
      clamped to [clamp_min − output_zp, clamp_max − output_zp], rounded half
      to even.

    The input is an accumulator (i32, i64) or a storage value (i8, i16:
    requantize-style); `input_zp` must be 0 for accumulators. The output is
    i8, i16 or i32 storage, read as unsigned with `output_unsigned`;
    `clamp_min` / `clamp_max` default to its storage range.

    ```mlir
    %y = qedge.rescale %acc {multiplier = array<i32: 1073741824, 1518500250>,
        shift = array<i32: -7, -8>, output_zp = -128 : i64,
        clamp_min = -128 : i64, clamp_max = 127 : i64}
        : tensor<1x8x8x2xi32> -> tensor<1x8x8x2xi8>
    ```
  }];
  let arguments = (ins
    QEdge_RescaleInputTensor:$input,
    OptionalAttr<DenseI32ArrayAttr>:$multiplier,
    OptionalAttr<DenseI32ArrayAttr>:$shift,
    OptionalAttr<DenseF32ArrayAttr>:$scale,
    DefaultValuedAttr<I64Attr, "0">:$input_zp,
    DefaultValuedAttr<I64Attr, "0">:$output_zp,
    OptionalAttr<I64Attr>:$clamp_min,
    OptionalAttr<I64Attr>:$clamp_max,
    UnitAttr:$input_unsigned,
    UnitAttr:$output_unsigned,
    QEdge_DefaultRounding:$rounding
  );
  let results = (outs QEdge_RescaleOutputTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($result)
  }];
  let builders = [
    OpBuilder<(ins "::mlir::Type":$resultType, "::mlir::Value":$input,
                   "const ::mlir::qedge::RescaleParams &":$params)>
  ];
  let extraClassDeclaration = [{
    /// The attributes as one struct, with the clamp bounds made explicit.
    ::mlir::qedge::RescaleParams getParams();
    /// The inclusive storage range of the result's element type.
    ::mlir::qedge::quantmath::StorageRange getOutputRange();
    /// The effective clamp bounds (the storage range where not given).
    int64_t getEffectiveClampMin();
    int64_t getEffectiveClampMax();
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

#endif // QEDGE_DIALECT_QEDGE_IR_QEDGEOPS_TD
