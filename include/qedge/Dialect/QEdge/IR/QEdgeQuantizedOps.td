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
    type, per tensor or per axis. With `qnnpack` rounding, r is multiplied by
    fl32(1 / S) instead, as PyTorch does; every other mode divides.

    ```mlir
    %0 = qedge.quantize %arg0 : tensor<1x8x8x3xf32>
        -> tensor<1x8x8x3x!quant.uniform<i8:f32, 0.05:-3>>
    ```
  }];
  let arguments = (ins QEdge_FloatTensor:$input,
                       QEdge_DefaultRounding:$rounding);
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
// Ops beyond conv
//===----------------------------------------------------------------------===//

def QEdge_QuantizedTensor2D : 2DTensorOf<[quant_QuantizedType]>;

/// A fused activation in real units, rounded into the result's storage by
/// the `rounding` mode's rule (spec section 7).
defvar QEdge_ClampArgs = (ins
  OptionalAttr<F32Attr>:$clamp_min,
  OptionalAttr<F32Attr>:$clamp_max
);

//===----------------------------------------------------------------------===//
// AddOp, SubOp, MulOp
//===----------------------------------------------------------------------===//

/// An elementwise op on two per-tensor quantized operands of one storage
/// type, with the [N or 1, 1, 1, C] broadcast and a fused clamp.
class QEdge_BinaryOp<string mnemonic, string what>
    : QEdge_Op<mnemonic, [Pure]> {
  let summary = "Quantized elementwise " # what # " with broadcast";
  let arguments = !con((ins
    QEdge_QuantizedTensor:$lhs,
    QEdge_QuantizedTensor:$rhs),
    QEdge_ClampArgs,
    (ins QEdge_DefaultRounding:$rounding));
  let results = (outs QEdge_QuantizedTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

/// The shapes and types every binary op shares, in its description.
defvar QEdge_BinaryOperands = [{
    Operands and result are per-tensor quantized with one storage type (width
    and signedness); scales and zero points may all differ. Shapes are
    static. Both operands have the result's shape, or one of them is
    `[N or 1, 1, 1, C]` against an NHWC `[N, H, W, C]` result and is
    broadcast over H and W (and over N when it is 1), as
    squeeze-and-excitation needs.
}];

class QEdge_AddSubOp<string mnemonic, string what, string sign,
                     string tflite>
    : QEdge_BinaryOp<mnemonic, what> {
  let description = [{
    y = clamp(lhs }] # sign # [{ rhs, clamp_min, clamp_max) on the real values the
    operands stand for, requantized to the result's type by the `rounding`
    mode.
  }] # QEdge_BinaryOperands # [{
    * `gemmlowp` / `rndnu`: TFLite's integer kernel (}] # tflite # [{):
      each operand minus its zero point, shifted left by 20 (15 for 16-bit
      storage), scaled by the Q31 multiplier of S_i / (2 · max(S_lhs,
      S_rhs)); the two combined in int32 and scaled by 2 · max(S_lhs, S_rhs)
      / (2^20 · S_out) (2^15 for 16-bit); plus Z_out, clamped. That last
      multiplier must be below 1 (TFLite's condition).
    * `fp32`: float32 products (a − Za) · fl32(Sa / Sy), combined in one
      float32 operation, rounded half to even, plus Zy.

    `docs/QuantizationSpec.md` (section 10) defines every step.

    ```mlir
    %y = qedge.}] # mnemonic # [{ %a, %b {clamp_min = 0.0 : f32}
        : (tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>,
           tensor<1x1x1x16x!quant.uniform<i8:f32, 0.1:2>>)
        -> tensor<1x8x8x16x!quant.uniform<i8:f32, 0.12:-10>>
    ```
  }];
}

def QEdge_AddOp : QEdge_AddSubOp<"add", "addition", "+",
    "`reference_integer_ops::AddFunc`">;
def QEdge_SubOp : QEdge_AddSubOp<"sub", "subtraction", "−",
    "`reference_ops::SubElementwise`">;

def QEdge_MulOp : QEdge_BinaryOp<"mul", "multiplication"> {
  let description = [{
    y = clamp(lhs · rhs, clamp_min, clamp_max) on the real values the
    operands stand for: the integer product (a − Za)(b − Zb) requantized by
    the multiplier Sa · Sb / Sy, as a convolution's accumulator is (TFLite's
    `reference_integer_ops::MulElementwise` in `gemmlowp` / `rndnu`). The
    product must fit in int32 (16-bit storage needs zero points near 0).
  }] # QEdge_BinaryOperands # [{
    `docs/QuantizationSpec.md` (section 16) defines every step.

    ```mlir
    %y = qedge.mul %x, %gate
        : (tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:0>>,
           tensor<1x1x1x16x!quant.uniform<u8:f32, 0.00390625:0>>)
        -> tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:0>>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

class QEdge_Pool2DOp<string mnemonic, string what, dag extraArgs = (ins)>
    : QEdge_Op<mnemonic, [Pure]> {
  let summary = "Quantized 2-D " # what # " pooling";
  let arguments = !con((ins
    QEdge_QuantizedTensor4D:$input,
    DenseI64ArrayAttr:$kernel,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding),
    extraArgs,
    QEdge_ClampArgs,
    (ins QEdge_DefaultRounding:$rounding));
  let results = (outs QEdge_QuantizedTensor4D:$result);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QEdge_MaxPool2DOp : QEdge_Pool2DOp<"max_pool2d", "max"> {
  let description = [{
    The largest stored value of each `kernel = [kh, kw]` window of an NHWC
    input, with `strides` `[h, w]` and `padding` `[top, bottom, left, right]`
    (each side smaller than the kernel, so that every window holds an input
    element: padding never wins). Quantization is monotone, so the maximum is
    taken on stored values; input and result have the same type. The output
    size is floor((H + pt + pb − kh) / sh) + 1, and likewise for the width.
    `clamp_min` / `clamp_max` are a fused activation in real units, rounded as
    for `qedge.conv2d`.

    ```mlir
    %y = qedge.max_pool2d %x {kernel = array<i64: 3, 3>,
        strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
        : tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>
        -> tensor<1x4x4x16x!quant.uniform<i8:f32, 0.05:-3>>
    ```
  }];
}

def QEdge_AvgPool2DOp : QEdge_Pool2DOp<"avg_pool2d", "average",
    (ins UnitAttr:$count_include_pad)> {
  let description = [{
    The mean of each `kernel = [kh, kw]` window, with the geometry of
    `qedge.max_pool2d`. The count is the number of taps inside the input, or
    with `count_include_pad` (ONNX) the whole window, padded taps then
    standing for real 0.

    * `gemmlowp` / `rndnu` (TFLite's `reference_integer_ops::AveragePool`):
      the sum of the stored values divided by the count, rounding half away
      from zero; input and result have the same type.
    * `fp32`: the sum of (x − Zx) times fl32(Sx / (Sy · count)), rounded
      half to even, plus Zy (the result may have another scale and zero
      point).

    `docs/QuantizationSpec.md` (section 11) defines every step.

    ```mlir
    %y = qedge.avg_pool2d %x {kernel = array<i64: 3, 3>,
        padding = array<i64: 1, 1, 1, 1>, count_include_pad}
        : tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:128>>
        -> tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:128>>
    ```
  }];
}

//===----------------------------------------------------------------------===//
// GlobalAvgPoolOp
//===----------------------------------------------------------------------===//

def QEdge_GlobalAvgPoolOp : QEdge_Op<"global_avg_pool", [Pure]> {
  let summary = "Quantized mean over the spatial dimensions";
  let description = [{
    The mean over H and W of an NHWC input, `[N, H, W, C]` to `[N, 1, 1, C]`
    (TFLite's `MEAN` over axes 1 and 2 with `keep_dims`, ONNX's
    `GlobalAveragePool`). Input and result are per tensor with one storage
    type; scales and zero points may differ.

    * `gemmlowp` / `rndnu` (TFLite's `reference_integer_ops::Mean`):
      Σ(x − Zx) scaled by the Q31 multiplier of Sx / Sy, then divided by H · W
      rounding half away from zero, plus Zy, clamped to the storage range.
    * `fp32`: Σ(x − Zx) times fl32(fl32(Sx) / fl32(fl32(Sy) · H · W)),
      rounded half to even, plus Zy.

    `docs/QuantizationSpec.md` (section 12) defines every step.

    ```mlir
    %y = qedge.global_avg_pool %x
        : tensor<1x7x7x64x!quant.uniform<i8:f32, 0.05:-3>>
        -> tensor<1x1x1x64x!quant.uniform<i8:f32, 0.02:-1>>
    ```
  }];
  let arguments = (ins
    QEdge_QuantizedTensor4D:$input,
    QEdge_DefaultRounding:$rounding
  );
  let results = (outs QEdge_QuantizedTensor4D:$result);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// FullyConnectedOp
//===----------------------------------------------------------------------===//

def QEdge_FullyConnectedOp : QEdge_Op<"fully_connected", [Pure]> {
  let summary = "Quantized fully connected layer (fused clamp)";
  let description = [{
    y[n, o] = clamp(Σ_i x[n, i] · w[o, i] + b[o], clamp_min, clamp_max) on
    the real values the operands stand for, requantized as `qedge.conv2d`
    requantizes: it is the 1×1 convolution of an `[N, 1, 1, IN]` input with
    an `[OUT, 1, 1, IN]` filter, and the compiler treats it as one.

    * `input` `[N, IN]` and `result` `[N, OUT]`: per tensor.
    * `filter` `[OUT, IN]`: per tensor or per axis on dimension 0.
    * `bias` (optional) `[OUT]`: i32 storage at S_in · S_w[o], as for conv.
    * Storage pairs, the `rounding` modes and the fused clamp are those of
      `qedge.conv2d` (`docs/QuantizationSpec.md`, section 13).

    ```mlir
    %y = qedge.fully_connected %x, %w, %b {clamp_min = 0.0 : f32}
        : (tensor<2x64x!quant.uniform<i8:f32, 0.05:-3>>,
           tensor<10x64x!quant.uniform<i8<-127:127>:f32, 0.01>>,
           tensor<10x!quant.uniform<i32:f32, 5.0e-4>>)
        -> tensor<2x10x!quant.uniform<i8:f32, 0.1:-128>>
    ```
  }];
  let arguments = !con((ins
    QEdge_QuantizedTensor2D:$input,
    QEdge_QuantizedTensor2D:$filter,
    Optional<QEdge_QuantizedTensor1D>:$bias),
    QEdge_ClampArgs,
    (ins QEdge_DefaultRounding:$rounding));
  let results = (outs QEdge_QuantizedTensor2D:$result);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// ClampOp
//===----------------------------------------------------------------------===//

def QEdge_ClampOp : QEdge_Op<"clamp", [Pure, SameOperandsAndResultType]> {
  let summary = "Clamp of a quantized tensor (ReLU, ReLU6, ...)";
  let description = [{
    y = clamp(x, clamp_min, clamp_max) on the real values, computed on stored
    values: each real bound is rounded into the storage as a fused activation
    is (spec section 7: half away from zero in `gemmlowp` / `rndnu`, half to
    even in `fp32`), then intersected with the storage range. ReLU is
    `clamp_min = 0.0`, ReLU6 adds `clamp_max = 6.0`. Input and result have
    the same per-tensor type.

    ```mlir
    %y = qedge.clamp %x {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32}
        : tensor<1x8x8x16x!quant.uniform<u8:f32, 0.025:10>>
    ```
  }];
  let arguments = !con((ins QEdge_QuantizedTensor:$input),
    QEdge_ClampArgs,
    (ins QEdge_DefaultRounding:$rounding));
  let results = (outs QEdge_QuantizedTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` type($input)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

def QEdge_ConcatOp : QEdge_Op<"concat", [Pure]> {
  let summary = "Concatenation of quantized tensors";
  let description = [{
    Concatenates the inputs along `axis`. Each input whose type differs from
    the result's is first requantized to it, exactly as `qedge.requantize`
    with the op's `rounding` does; an input of the result's type is copied.
    Every input and the result are per tensor; shapes are static and agree
    off the axis.

    ```mlir
    %y = qedge.concat %a, %b {axis = 3 : i64}
        : (tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>,
           tensor<1x8x8x8x!quant.uniform<i8:f32, 0.1:2>>)
        -> tensor<1x8x8x24x!quant.uniform<i8:f32, 0.1:2>>
    ```
  }];
  let arguments = (ins
    Variadic<QEdge_QuantizedTensor>:$inputs,
    I64Attr:$axis,
    QEdge_DefaultRounding:$rounding
  );
  let results = (outs QEdge_QuantizedTensor:$result);
  let assemblyFormat = [{
    $inputs attr-dict `:` functional-type($inputs, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// ReshapeOp, TransposeOp, PadOp
//===----------------------------------------------------------------------===//

def QEdge_ReshapeOp : QEdge_Op<"reshape", [Pure]> {
  let summary = "Reshape (or flatten) of a quantized tensor";
  let description = [{
    The stored values in row-major order, in the result's static shape (same
    number of elements); a flatten is a reshape. The quantized type is
    carried through: a per-tensor result has the input's type; a per-axis
    input keeps its scales and zero points on the result's dimension that
    holds the same elements (the axis keeps its size, and the dimensions
    before it their product), and no other reshape of a per-axis tensor is
    valid.

    ```mlir
    %y = qedge.reshape %x : tensor<1x1x1x64x!quant.uniform<i8:f32, 0.05:-3>>
        -> tensor<1x64x!quant.uniform<i8:f32, 0.05:-3>>
    ```
  }];
  let arguments = (ins QEdge_QuantizedTensor:$input);
  let results = (outs QEdge_QuantizedTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def QEdge_TransposeOp : QEdge_Op<"transpose", [Pure]> {
  let summary = "Transpose of a quantized tensor";
  let description = [{
    result[i_0, ..., i_(r-1)] = input[j] with j[permutation[k]] = i_k: result
    dimension k is input dimension `permutation[k]`, as `linalg.transpose`.
    The stored values move, the quantized type is carried through: the same
    per-tensor type, or a per-axis type whose quantized dimension is the
    result dimension its input dimension moved to.

    ```mlir
    %y = qedge.transpose %x {permutation = array<i64: 0, 3, 1, 2>}
        : tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>
        -> tensor<1x16x8x8x!quant.uniform<i8:f32, 0.05:-3>>
    ```
  }];
  let arguments = (ins QEdge_QuantizedTensor:$input,
                       DenseI64ArrayAttr:$permutation);
  let results = (outs QEdge_QuantizedTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QEdge_PadOp : QEdge_Op<"pad", [Pure]> {
  let summary = "Zero padding of a per-tensor quantized tensor";
  let description = [{
    Pads every dimension d with `low[d]` elements before and `high[d]` after
    (non-negative), each holding the zero point: the real value 0, as ONNX's
    and TFLite's `Pad` give by default. Input and result have the same
    per-tensor type; shapes are static.

    ```mlir
    %y = qedge.pad %x {low = array<i64: 0, 1, 1, 0>, high = array<i64: 0, 1, 1, 0>}
        : tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:128>>
        -> tensor<1x10x10x16x!quant.uniform<u8:f32, 0.05:128>>
    ```
  }];
  let arguments = (ins QEdge_QuantizedTensor:$input,
                       DenseI64ArrayAttr:$low,
                       DenseI64ArrayAttr:$high);
  let results = (outs QEdge_QuantizedTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// TableOp
//===----------------------------------------------------------------------===//

def QEdge_FunctionSigmoid : I32EnumAttrCase<"sigmoid", 0>;
def QEdge_FunctionTanh : I32EnumAttrCase<"tanh", 1>;
def QEdge_FunctionHardSigmoid : I32EnumAttrCase<"hard_sigmoid", 2>;
def QEdge_FunctionHardSwish : I32EnumAttrCase<"hard_swish", 3>;
def QEdge_FunctionExp : I32EnumAttrCase<"exp", 4>;

def QEdge_UnaryFunction : I32EnumAttr<"UnaryFunction",
    "unary function of a lookup table", [
      QEdge_FunctionSigmoid, QEdge_FunctionTanh, QEdge_FunctionHardSigmoid,
      QEdge_FunctionHardSwish, QEdge_FunctionExp
    ]> {
  let cppNamespace = "::mlir::qedge";
  let genSpecializedAttr = 0;
}

def QEdge_UnaryFunctionAttr : EnumAttr<QEdge_Dialect, QEdge_UnaryFunction,
                                       "function"> {
  let summary = "A unary function on real numbers";
  let description = [{
    * `sigmoid`: 1 / (1 + exp(−x));
    * `tanh`: tanh(x);
    * `hard_sigmoid`: min(max(x + 3, 0), 6) / 6 (MobileNetV3's, ONNX's
      `HardSigmoid` with alpha = 1/6, beta = 1/2);
    * `hard_swish`: x · hard_sigmoid(x);
    * `exp`: exp(x).
  }];
  let assemblyFormat = "`<` $value `>`";
}

def QEdge_TableOp : QEdge_Op<"table", [Pure, AllShapesMatch<["input", "result"]>]> {
  let summary = "Unary function of 8-bit quantized values by a lookup table";
  let description = [{
    y = function(x) on the real values, computed by a 256-entry table built
    at compile time from the float function and the input and result types:
    each stored input is dequantized, the function evaluated, and the result
    quantized by TFLite's `LUTPopulate` rule (times fl32(1 / S_out), rounded
    half away from zero, plus Z_out) in `gemmlowp` / `rndnu`, rounded half to
    even in `fp32`. Input and result are per tensor with 8-bit storage (i8
    or u8 containers); 16-bit inputs are rejected. TFLite's int8
    `HARD_SWISH` is a fixed-point kernel, not a table: the two can differ.
    `docs/QuantizationSpec.md` (section 18) defines every step.

    ```mlir
    %y = qedge.table %x {function = #qedge.function<sigmoid>}
        : tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>
        -> tensor<1x8x8x16x!quant.uniform<i8:f32, 0.00390625:-128>>
    ```
  }];
  let arguments = (ins
    QEdge_QuantizedTensor:$input,
    QEdge_UnaryFunctionAttr:$function,
    QEdge_DefaultRounding:$rounding
  );
  let results = (outs QEdge_QuantizedTensor:$result);
  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// MatMulOp
//===----------------------------------------------------------------------===//

def QEdge_MatMulOp : QEdge_Op<"matmul", [Pure]> {
  let summary = "Quantized matrix multiplication (rank 2, or batched rank 3)";
  let description = [{
    y[b, m, n] = clamp(Σ_k lhs[b, m, k] · rhs[b, k, n], clamp_min, clamp_max)
    on the real values the operands stand for (without `b` at rank 2),
    requantized as `qedge.conv2d` requantizes, with the multiplier
    S_lhs · S_rhs[n] / S_out.

    * `lhs` `[M, K]` or `[B, M, K]`: per tensor.
    * `rhs` `[K, N]` or `[B, K, N]`: per tensor, or per axis on its last
      dimension (one scale and zero point per column). Both operands may be
      run-time activations: the products of zero points and sums of the
      other operand are then computed at run time.
    * `result` `[M, N]` or `[B, M, N]`: per tensor.
    * Storage pairs (lhs × rhs), the accumulator width and the `rounding`
      modes are those of `qedge.conv2d` (`docs/QuantizationSpec.md`,
      section 19). Its integer-only form computes ONNX's `MatMulInteger`
      into an `i32` (or `i64`) accumulator, then `qedge.rescale`.

    ```mlir
    %y = qedge.matmul %a, %b
        : (tensor<4x16x32x!quant.uniform<u8:f32, 0.05:128>>,
           tensor<4x32x8x!quant.uniform<u8:f32, 0.02:120>>)
        -> tensor<4x16x8x!quant.uniform<u8:f32, 0.4:100>>
    ```
  }];
  let arguments = !con((ins
    QEdge_QuantizedTensor:$lhs,
    QEdge_QuantizedTensor:$rhs),
    QEdge_ClampArgs,
    (ins QEdge_DefaultRounding:$rounding));
  let results = (outs QEdge_QuantizedTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // QEDGE_DIALECT_QEDGE_IR_QEDGEQUANTIZEDOPS_TD
