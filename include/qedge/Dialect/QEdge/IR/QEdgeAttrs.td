//===- QEdgeAttrs.td - qedge attributes and enums ----------*- tablegen -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_DIALECT_QEDGE_IR_QEDGEATTRS_TD
#define QEDGE_DIALECT_QEDGE_IR_QEDGEATTRS_TD

include "qedge/Dialect/QEdge/IR/QEdgeDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// RoundingMode
//===----------------------------------------------------------------------===//

def QEdge_RoundingGemmlowp : I32EnumAttrCase<"gemmlowp", 0>;
def QEdge_RoundingRndnu : I32EnumAttrCase<"rndnu", 1>;
def QEdge_RoundingFp32 : I32EnumAttrCase<"fp32", 2>;
def QEdge_RoundingQnnpack : I32EnumAttrCase<"qnnpack", 3>;

def QEdge_RoundingMode : I32EnumAttr<"RoundingMode",
    "bit-exact requantization scheme", [
      QEdge_RoundingGemmlowp, QEdge_RoundingRndnu, QEdge_RoundingFp32,
      QEdge_RoundingQnnpack
    ]> {
  let cppNamespace = "::mlir::qedge";
  let genSpecializedAttr = 0;
}

def QEdge_RoundingModeAttr : EnumAttr<QEdge_Dialect, QEdge_RoundingMode,
                                      "rounding"> {
  let summary = "Requantization scheme";
  let description = [{
    * `gemmlowp`: TFLite's default build (two roundings: a saturating
      rounding doubling high multiply, then a rounding right shift).
    * `rndnu`: TFLite single rounding, TOSA `single_round`, XNNPACK `rndnu`.
    * `fp32`: ONNX Runtime, XNNPACK `fp32` (a float32 multiply, round half
      to even).
    * `qnnpack`: PyTorch's qnnpack engine: `fp32`, except that a
      convolution's multiplier is fl32(fl32(Sw · Sx) · fl32(1 / Sy)) and
      `quantize` multiplies by fl32(1 / S). Only the ops whose PyTorch kernels
      this describes take it (`quantize`, `conv2d`, `fully_connected`,
      `max_pool2d`, `avg_pool2d`, `clamp`); at the integer level it is
      `fp32`.
  }];
  let assemblyFormat = "`<` $value `>`";
}

//===----------------------------------------------------------------------===//
// CalibrationStatsAttr
//===----------------------------------------------------------------------===//

/// A double-precision attribute parameter, printed so that it round-trips
/// exactly.
def QEdge_F64Parameter : AttrOrTypeParameter<"::llvm::APFloat", "an f64 value"> {
  let comparator = "$_lhs.bitwiseIsEqual($_rhs)";
  let parser = "::mlir::qedge::parseF64Parameter($_parser)";
  let printer = "$_printer.printFloat($_self)";
}

/// A list of int64_t printed in square brackets.
def QEdge_I64ListParameter : ArrayRefParameter<"int64_t", "int64_t list"> {
  let parser = "::mlir::qedge::parseI64ListParameter($_parser)";
  let printer = "::mlir::qedge::printI64ListParameter($_printer, $_self)";
}

/// A list of float32 values printed in square brackets, each so that it
/// reads back exactly.
def QEdge_F32ArrayParameter
    : AttrOrTypeParameter<"::mlir::DenseF32ArrayAttr", "a float32 list"> {
  let parser = "::mlir::qedge::parseF32ArrayParameter($_parser)";
  let printer = "::mlir::qedge::printF32ArrayParameter($_printer, $_self)";
}

def QEdge_CalibrationStatsAttr : AttrDef<QEdge_Dialect, "CalibrationStats"> {
  let mnemonic = "stats";
  let summary = "Statistics of a float tensor over a calibration run";
  let description = [{
    Everything a range method needs, gathered once by `qedge-calibrate`
    (docs/Calibration.md, "Statistics", defines each field):

    * `count`: the number of observed elements (at least one);
    * `min`, `max`: the extremes over the run;
    * `mean`, `std`: the mean and population standard deviation;
    * `batch_min`, `batch_max`: the extremes of each batch, in order, so
      that the moving average can be recomputed for any constant;
    * `bins`, `histogram_range`: the signed histogram has `bins` bins per
      sign over [-R, R], R = `histogram_range` (a power of two above
      max(|min|, |max|));
    * `positive`, `negative`: its counts for x >= 0 and for x < 0 by
      |x|, bin i covering [i R / bins, (i + 1) R / bins); trailing empty
      bins are left out.

    ```mlir
    #qedge.stats<count = 6, min = -1.5, max = 2.25, mean = 0.125,
                 std = 1.25, batch_min = [-1.5, -0.5],
                 batch_max = [2.25, 1.0], bins = 4, histogram_range = 4.0,
                 positive = [1, 2, 1], negative = [1, 1]>
    ```
  }];
  let parameters = (ins
    "int64_t":$count,
    QEdge_F64Parameter:$min,
    QEdge_F64Parameter:$max,
    QEdge_F64Parameter:$mean,
    QEdge_F64Parameter:$std,
    QEdge_F32ArrayParameter:$batch_min,
    QEdge_F32ArrayParameter:$batch_max,
    "int64_t":$bins,
    QEdge_F64Parameter:$histogram_range,
    QEdge_I64ListParameter:$positive,
    QEdge_I64ListParameter:$negative
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The statistics as the range methods of QEdgeQuantMath take them
    /// (the histograms padded to `bins` entries).
    ::mlir::qedge::quantmath::CalibrationStatistics getStatistics() const;
    /// The attribute of `stats` (trailing empty bins left out).
    static CalibrationStatsAttr
    get(::mlir::MLIRContext *context,
        const ::mlir::qedge::quantmath::CalibrationStatistics &stats);
  }];
}

//===----------------------------------------------------------------------===//
// TargetAttr
//===----------------------------------------------------------------------===//

def QEdge_TargetAttr : AttrDef<QEdge_Dialect, "Target"> {
  let mnemonic = "target";
  let summary = "The target code is generated for";
  let description = [{
    Attached to the module as `qedge.target` by `qedge-set-target` at the
    start of a pipeline, so that every pass before LLVM can ask what it
    generates code for (`TargetAttr::lookup(op)`): the name, what LLVM is told
    (triple, CPU, features) and what code generation needs (the width of a
    vector register in bits, the number of vector registers, and the int8
    multiply-accumulate instruction: `none`, `pmadd`, `vpdpbusd`, `smull`,
    `sdot` or `smmla`). The values come from the table of named targets;
    `host` carries the host's CPU and features with the description of the
    best named target the host runs.

    ```mlir
    module attributes {qedge.target = #qedge.target<name = "x86-64-v4+vnni",
        triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4",
        features = "+avx512vnni", vector_bits = 512, vector_registers = 32,
        int8_dot = "vpdpbusd">} {}
    ```
  }];
  let parameters = (ins
    StringRefParameter<"target name">:$name,
    StringRefParameter<"LLVM target triple">:$triple,
    StringRefParameter<"LLVM CPU name">:$cpu,
    StringRefParameter<"LLVM target features">:$features,
    "unsigned":$vector_bits,
    "unsigned":$vector_registers,
    StringRefParameter<"int8 multiply-accumulate instruction">:$int8_dot
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The name of the module attribute that holds the target.
    static constexpr ::llvm::StringLiteral getAttrName() {
      return ::llvm::StringLiteral("qedge.target");
    }
    /// The attribute for a resolved target.
    static TargetAttr get(::mlir::MLIRContext *context,
                          const ::mlir::qedge::Target &target);
    /// The target of the closest enclosing op that has one, or null.
    static TargetAttr lookup(::mlir::Operation *op);
    /// The code generation description the attribute carries.
    ::mlir::qedge::CodegenInfo getCodegenInfo() const;
  }];
}

#endif // QEDGE_DIALECT_QEDGE_IR_QEDGEATTRS_TD
