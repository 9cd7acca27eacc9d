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

FailureOr<DenseF32ArrayAttr>
mlir::qedge::parseF32ArrayParameter(AsmParser &parser) {
  SmallVector<float> values;
  if (parser.parseCommaSeparatedList(AsmParser::Delimiter::Square, [&] {
        double value;
        if (parser.parseFloat(value))
          return failure();
        values.push_back(static_cast<float>(value));
        return success();
      }))
    return failure();
  return DenseF32ArrayAttr::get(parser.getContext(), values);
}

void mlir::qedge::printF32ArrayParameter(AsmPrinter &printer,
                                         DenseF32ArrayAttr values) {
  // DenseF32ArrayAttr's own printer keeps six digits; the moving average is
  // recomputed from these values, so every bit must survive.
  printer << '[';
  llvm::interleaveComma(values.asArrayRef(), printer, [&](float value) {
    printer.printFloat(APFloat(value));
  });
  printer << ']';
}

quantmath::RoundingMode mlir::qedge::toQuantMath(RoundingMode mode) {
  switch (mode) {
  case RoundingMode::gemmlowp:
    return quantmath::RoundingMode::Gemmlowp;
  case RoundingMode::rndnu:
    return quantmath::RoundingMode::Rndnu;
  case RoundingMode::fp32:
  case RoundingMode::qnnpack:
    return quantmath::RoundingMode::Fp32;
  }
  llvm_unreachable("unknown rounding mode");
}

//===----------------------------------------------------------------------===//
// CalibrationStatsAttr
//===----------------------------------------------------------------------===//

/// The statistics of the attribute's parameters, histograms padded to
/// `bins` entries (a negative or huge `bins` leaves them as written, for the
/// verifier to reject).
static quantmath::CalibrationStatistics
makeStatistics(int64_t count, APFloat min, APFloat max, APFloat mean,
               APFloat std, ArrayRef<float> batchMin, ArrayRef<float> batchMax,
               int64_t bins, APFloat histogramRange, ArrayRef<int64_t> positive,
               ArrayRef<int64_t> negative) {
  quantmath::CalibrationStatistics stats;
  stats.count = count;
  stats.min = min.convertToDouble();
  stats.max = max.convertToDouble();
  stats.mean = mean.convertToDouble();
  stats.stdDev = std.convertToDouble();
  stats.batchMin.assign(batchMin.begin(), batchMin.end());
  stats.batchMax.assign(batchMax.begin(), batchMax.end());
  stats.histogramRange = histogramRange.convertToDouble();
  stats.positiveCounts.assign(positive.begin(), positive.end());
  stats.negativeCounts.assign(negative.begin(), negative.end());
  if (bins > 0 && bins <= quantmath::kMaxHistogramBins) {
    if (stats.positiveCounts.size() < static_cast<size_t>(bins))
      stats.positiveCounts.resize(bins, 0);
    if (stats.negativeCounts.size() < static_cast<size_t>(bins))
      stats.negativeCounts.resize(bins, 0);
  }
  return stats;
}

LogicalResult
CalibrationStatsAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                             int64_t count, APFloat min, APFloat max,
                             APFloat mean, APFloat std,
                             DenseF32ArrayAttr batchMin,
                             DenseF32ArrayAttr batchMax, int64_t bins, APFloat histogramRange,
                             ArrayRef<int64_t> positive,
                             ArrayRef<int64_t> negative) {
  // Ranges are chosen from these numbers; an empty run or a NaN would turn
  // into a meaningless scale far from where it was caused. The rules are
  // QEdgeQuantMath's, so that a file and a collector agree on them.
  if (bins <= 0 || bins > quantmath::kMaxHistogramBins ||
      !quantmath::isValidHistogramBins(static_cast<unsigned>(bins)))
    return emitError() << "calibration histogram bins must be a power of two "
                          "in [2, "
                       << quantmath::kMaxHistogramBins << "], got " << bins;
  if (positive.size() > static_cast<size_t>(bins) ||
      negative.size() > static_cast<size_t>(bins))
    return emitError() << "calibration histogram has more than " << bins
                       << " bins per sign";
  if (!batchMin || !batchMax)
    return emitError() << "calibration batch_min and batch_max are required";
  quantmath::Status status = quantmath::verifyStatistics(
      makeStatistics(count, min, max, mean, std, batchMin.asArrayRef(),
                     batchMax.asArrayRef(), bins,
                     histogramRange, positive, negative));
  if (status.isFailure())
    return emitError() << "invalid calibration statistics: "
                       << status.getMessage();
  return success();
}

quantmath::CalibrationStatistics CalibrationStatsAttr::getStatistics() const {
  return makeStatistics(getCount(), getMin(), getMax(), getMean(), getStd(),
                        getBatchMin().asArrayRef(), getBatchMax().asArrayRef(),
                        getBins(),
                        getHistogramRange(), getPositive(), getNegative());
}

CalibrationStatsAttr
CalibrationStatsAttr::get(MLIRContext *context,
                          const quantmath::CalibrationStatistics &stats) {
  auto trimmed = [](ArrayRef<int64_t> counts) {
    while (!counts.empty() && counts.back() == 0)
      counts = counts.drop_back();
    return counts;
  };
  return get(context, stats.count, APFloat(stats.min), APFloat(stats.max),
             APFloat(stats.mean), APFloat(stats.stdDev),
             DenseF32ArrayAttr::get(context, stats.batchMin),
             DenseF32ArrayAttr::get(context, stats.batchMax),
             static_cast<int64_t>(stats.getNumBins()),
             APFloat(stats.histogramRange), trimmed(stats.positiveCounts),
             trimmed(stats.negativeCounts));
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
