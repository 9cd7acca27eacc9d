//===- QEdgeIntegerOps.td - qedge integer-only ops ---------*- tablegen -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_DIALECT_QEDGE_IR_QEDGEINTEGEROPS_TD
#define QEDGE_DIALECT_QEDGE_IR_QEDGEINTEGEROPS_TD

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

    * `gemmlowp` / `rndnu`: M = M0 · 2^(e − 31), with M0 a Q31 `multiplier`
      and e the `shift` (TFLite's power of two, positive shifts left), in
      [−31, 30]. An i64 input uses TFLite's 64-bit routine (a 16-bit
      multiplier, one rounding), with e in [−31, 7].
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

#endif // QEDGE_DIALECT_QEDGE_IR_QEDGEINTEGEROPS_TD
