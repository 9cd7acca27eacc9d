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

def QEdge_RoundingMode : I32EnumAttr<"RoundingMode",
    "bit-exact requantization scheme", [
      QEdge_RoundingGemmlowp, QEdge_RoundingRndnu, QEdge_RoundingFp32
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
    * `fp32`: ONNX Runtime, XNNPACK `fp32`, PyTorch qnnpack (a float32
      multiply, round half to even).
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

def QEdge_CalibrationStatsAttr : AttrDef<QEdge_Dialect, "CalibrationStats"> {
  let mnemonic = "stats";
  let summary = "Statistics of a float tensor over a calibration run";
  let description = [{
    Everything a range method needs, gathered once by a calibration run:

    * `count`: the number of observed elements (at least one);
    * `min`, `max`: the extremes over the run;
    * `ema_min`, `ema_max`: exponential moving averages of the per-batch
      extremes;
    * `mean`, `std`: the mean and standard deviation of the elements;
    * `histogram`: counts of |x| in equal bins over [0, `hist_max`] (may be
      empty when no histogram was gathered).

    ```mlir
    #qedge.stats<count = 4096, min = -1.5, max = 2.25, ema_min = -1.25,
                 ema_max = 2.0, mean = 0.125, std = 0.5,
                 hist_max = 2.25, histogram = [4000, 90, 6]>
    ```
  }];
  let parameters = (ins
    "int64_t":$count,
    QEdge_F64Parameter:$min,
    QEdge_F64Parameter:$max,
    QEdge_F64Parameter:$ema_min,
    QEdge_F64Parameter:$ema_max,
    QEdge_F64Parameter:$mean,
    QEdge_F64Parameter:$std,
    QEdge_F64Parameter:$hist_max,
    QEdge_I64ListParameter:$histogram
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
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
