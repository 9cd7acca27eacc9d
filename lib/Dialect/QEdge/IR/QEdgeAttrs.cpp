//===- QEdgeAttrs.cpp - qedge attributes and enums ------------------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Dialect/QEdge/IR/QEdgeAttrs.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "qedge/Dialect/QEdge/IR/QEdgeDialect.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::qedge;

#include "qedge/Dialect/QEdge/IR/QEdgeEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "qedge/Dialect/QEdge/IR/QEdgeAttrs.cpp.inc"

void QEdgeDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "qedge/Dialect/QEdge/IR/QEdgeAttrs.cpp.inc"
      >();
}

FailureOr<APFloat> mlir::qedge::parseF64Parameter(AsmParser &parser) {
  double value;
  if (parser.parseFloat(value))
    return failure();
  return APFloat(value);
}

FailureOr<SmallVector<int64_t>>
mlir::qedge::parseI64ListParameter(AsmParser &parser) {
  SmallVector<int64_t> values;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        return parser.parseInteger(values.emplace_back());
      }))
    return failure();
  return values;
}

void mlir::qedge::printI64ListParameter(AsmPrinter &printer,
                                        ArrayRef<int64_t> values) {
  printer << '[';
  llvm::interleaveComma(values, printer);
  printer << ']';
}

quantmath::RoundingMode mlir::qedge::toQuantMath(RoundingMode mode) {
  switch (mode) {
  case RoundingMode::gemmlowp:
    return quantmath::RoundingMode::Gemmlowp;
  case RoundingMode::rndnu:
    return quantmath::RoundingMode::Rndnu;
  case RoundingMode::fp32:
    return quantmath::RoundingMode::Fp32;
  }
  llvm_unreachable("unknown rounding mode");
}

//===----------------------------------------------------------------------===//
// CalibrationStatsAttr
//===----------------------------------------------------------------------===//

LogicalResult
CalibrationStatsAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                             int64_t count, APFloat min, APFloat max,
                             APFloat emaMin, APFloat emaMax, APFloat mean,
                             APFloat std, APFloat histMax,
                             ArrayRef<int64_t> histogram) {
  // Ranges are chosen from these numbers; an empty run or a NaN would turn
  // into a meaningless scale far from where it was caused.
  if (count <= 0)
    return emitError() << "calibration statistics are empty (count = "
                       << count << ")";
  for (auto [name, value] :
       {std::pair<StringRef, const APFloat &>{"min", min},
        {"max", max},
        {"ema_min", emaMin},
        {"ema_max", emaMax},
        {"mean", mean},
        {"std", std},
        {"hist_max", histMax}}) {
    if (!value.isFinite())
      return emitError() << "calibration statistic '" << name
                         << "' is not finite";
  }
  if (min > max)
    return emitError() << "calibration min (" << min.convertToDouble()
                       << ") is greater than max (" << max.convertToDouble()
                       << ")";
  if (emaMin > emaMax)
    return emitError() << "calibration ema_min (" << emaMin.convertToDouble()
                       << ") is greater than ema_max ("
                       << emaMax.convertToDouble() << ")";
  if (std.isNegative() && !std.isZero())
    return emitError() << "calibration std (" << std.convertToDouble()
                       << ") is negative";
  if (!histogram.empty() && !(histMax.isNonZero() && !histMax.isNegative()))
    return emitError() << "histogram upper edge hist_max ("
                       << histMax.convertToDouble() << ") must be positive";
  for (int64_t bin : histogram)
    if (bin < 0)
      return emitError() << "histogram bin counts must be non-negative, got "
                         << bin;
  return success();
}

//===----------------------------------------------------------------------===//
// TargetAttr
//===----------------------------------------------------------------------===//

LogicalResult TargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 StringRef name, StringRef triple,
                                 StringRef cpu, StringRef features,
                                 unsigned vectorBits, unsigned vectorRegisters,
                                 StringRef int8Dot) {
  if (name.empty() || triple.empty() || cpu.empty())
    return emitError() << "target name, triple and cpu must not be empty";
  if (vectorBits == 0 || vectorBits % 128 != 0)
    return emitError() << "vector_bits must be a positive multiple of 128, got "
                       << vectorBits;
  if (vectorRegisters == 0)
    return emitError() << "vector_registers must be positive";
  if (!symbolizeInt8Dot(int8Dot))
    return emitError() << "unknown int8_dot instruction '" << int8Dot << "'";
  return success();
}

TargetAttr TargetAttr::get(MLIRContext *context, const Target &target) {
  return get(context, target.name, target.triple, target.cpu, target.features,
             target.codegen.vectorBits, target.codegen.vectorRegisters,
             stringifyInt8Dot(target.codegen.int8Dot));
}

TargetAttr TargetAttr::lookup(Operation *op) {
  for (; op; op = op->getParentOp())
    if (auto target = op->getAttrOfType<TargetAttr>(getAttrName()))
      return target;
  return {};
}

CodegenInfo TargetAttr::getCodegenInfo() const {
  CodegenInfo info;
  info.vectorBits = getVectorBits();
  info.vectorRegisters = getVectorRegisters();
  info.int8Dot = symbolizeInt8Dot(getInt8Dot()).value_or(Int8Dot::none);
  return info;
}
