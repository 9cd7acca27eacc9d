//===- QEdgeQuantizedOps.td - qedge quantized-level ops ----*- tablegen -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_DIALECT_QEDGE_IR_QEDGEQUANTIZEDOPS_TD
#define QEDGE_DIALECT_QEDGE_IR_QEDGEQUANTIZEDOPS_TD

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

#endif // QEDGE_DIALECT_QEDGE_IR_QEDGEQUANTIZEDOPS_TD
