//===- FoldQuantUtils.h - Helpers shared by qedge-fold-quant ----*- C++ -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_LIB_DIALECT_QEDGE_TRANSFORMS_FOLDQUANTUTILS_H
#define QEDGE_LIB_DIALECT_QEDGE_TRANSFORMS_FOLDQUANTUTILS_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/Transforms/DialectConversion.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"
#include "qedge/QuantMath/QuantMath.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Error.h"

namespace mlir {
namespace qedge {
namespace foldquant {

/// The quantized element type of a tensor value or type.
inline quant::QuantizedType getQuantType(Type type) {
  return cast<quant::QuantizedType>(cast<ShapedType>(type).getElementType());
}

/// Fills the multiplier fields of `params` from the real multipliers
/// `real[c]` (gemmlowp / rndnu: QuantizeMultiplier; fp32 takes `fp32[c]`,
/// computed by the caller with the spec's float32 formula). Collapses
/// identical per-channel values into one.
void setMultipliers(RescaleParams &params, ArrayRef<double> real,
                    ArrayRef<float> fp32);

/// Why an op cannot fold, worded as the op error the pass reports.
inline llvm::Error foldError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// Everything the integer-only form of one convolution needs.
struct FoldedConv {
  SmallVector<int64_t> bias;
  bool wideAccumulator = false;
  /// Per output channel; empty when every weight zero point is 0.
  SmallVector<int64_t> filterZp;
  RescaleParams rescale;
};

/// The folded form of `op`, or why there is none (a filter or bias that is
/// not a constant, an accumulator bound beyond 64 bits, a multiplier out of
/// range).
llvm::Expected<FoldedConv> analyzeConv(Conv2DOp op);

/// The one rescale `op` becomes, or why there is none (per-axis quantization
/// off the last dimension, unequal zero points).
llvm::Expected<RescaleParams> analyzeRequantize(RequantizeOp op);

/// The analyses of a module's ops, computed once by the pass (which reports
/// what cannot fold as located errors) and read by the patterns. Patterns
/// used without it analyze each op themselves and report a match failure.
class FoldAnalyses {
public:
  /// Analyzes every op that needs it; fails after reporting an error on each
  /// op that cannot fold.
  LogicalResult analyze(Operation *root);

  const FoldedConv *lookup(Conv2DOp op) const {
    auto it = convs.find(op);
    return it == convs.end() ? nullptr : &it->second;
  }
  const RescaleParams *lookup(RequantizeOp op) const {
    auto it = requantizes.find(op);
    return it == requantizes.end() ? nullptr : &it->second;
  }

private:
  DenseMap<Operation *, FoldedConv> convs;
  DenseMap<Operation *, RescaleParams> requantizes;
};

/// The analysis of `op`: from `analyses` when given, else computed now. A
/// failure is reported to the rewriter as a match failure with its reason.
template <typename OpTy, typename ResultTy>
FailureOr<ResultTy> getAnalysis(OpTy op, const FoldAnalyses *analyses,
                                llvm::Expected<ResultTy> (*analyze)(OpTy),
                                RewriterBase &rewriter) {
  if (analyses)
    if (const ResultTy *cached = analyses->lookup(op))
      return *cached;
  llvm::Expected<ResultTy> result = analyze(op);
  if (!result) {
    std::string reason = llvm::toString(result.takeError());
    return rewriter.notifyMatchFailure(op, reason);
  }
  return std::move(*result);
}

void populateFoldConvPatterns(const TypeConverter &typeConverter,
                              RewritePatternSet &patterns,
                              const FoldAnalyses *analyses);
void populateFoldQuantizeOpsPatterns(const TypeConverter &typeConverter,
                                     RewritePatternSet &patterns,
                                     const FoldAnalyses *analyses);

} // namespace foldquant
} // namespace qedge
} // namespace mlir

#endif // QEDGE_LIB_DIALECT_QEDGE_TRANSFORMS_FOLDQUANTUTILS_H
