//===- FoldQuantUtils.h - Helpers shared by qedge-fold-quant ----*- C++ -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_LIB_DIALECT_QEDGE_TRANSFORMS_FOLDQUANTUTILS_H
#define QEDGE_LIB_DIALECT_QEDGE_TRANSFORMS_FOLDQUANTUTILS_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
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

/// Sets the output side of `params` for a result of `outputType`: its zero
/// point, signedness and the fused activation bounds of `clampMin` /
/// `clampMax` (each optional) rounded by `params.mode`.
void setOutput(RescaleParams &params, quant::QuantizedType outputType,
               FloatAttr clampMin = {}, FloatAttr clampMax = {});

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

/// The rescale that brings storage values of the per-tensor or per-axis
/// `inputType` to `resultType` (qedge.requantize's semantics), or why none
/// does (per-axis quantization off the last dimension, unequal per-axis zero
/// points).
llvm::Expected<RescaleParams> analyzeRescale(RankedTensorType inputType,
                                             quant::QuantizedType resultType,
                                             RoundingMode mode);

/// Everything the integer-only form of one `qedge.add` or `qedge.sub` needs.
struct FoldedAddSub {
  /// Integer modes: each operand's q - Z shifted left by `leftShift`, then
  /// brought to a common scale by `lhs` / `rhs` (i32 to i32 rescales); the
  /// two combined in i32, then `output` (to the result's storage).
  int32_t leftShift = 0;
  RescaleParams lhs, rhs, output;
  /// fp32: the operands' float32 multipliers S_i / S_out. `output` holds the
  /// output zero point and the clamp bounds in every mode.
  float lhsScale = 0, rhsScale = 0;
};

/// The folded form of an add or a sub, or why there is none (float32
/// products that can overflow in `fp32`).
llvm::Expected<FoldedAddSub> analyzeAdd(AddOp op);
llvm::Expected<FoldedAddSub> analyzeSub(SubOp op);

/// The folded form of a fully connected layer: that of the 1x1 convolution
/// it is (see analyzeConv).
llvm::Expected<FoldedConv> analyzeFullyConnected(FullyConnectedOp op);

/// The accumulator width and rescale of a matmul (its `bias` is unused and
/// `filterZp` holds the zero point of every column of rhs), or why there is
/// none (an i64 accumulator in fp32, a shift beyond the 64-bit routine's).
llvm::Expected<FoldedConv> analyzeMatMul(MatMulOp op);

/// The analyses of a module's ops, computed once by the pass (which reports
/// what cannot fold as located errors) and read by the patterns. Patterns
/// used without it analyze each op themselves and report a match failure.
class FoldAnalyses {
public:
  /// Analyzes every op that needs it; fails after reporting an error on each
  /// op that cannot fold.
  LogicalResult analyze(Operation *root);

  const FoldedConv *lookup(Conv2DOp op) const { return lookupConv(op); }
  const RescaleParams *lookup(RequantizeOp op) const {
    auto it = requantizes.find(op);
    return it == requantizes.end() ? nullptr : &it->second;
  }
  const FoldedAddSub *lookup(AddOp op) const { return lookupAddSub(op); }
  const FoldedAddSub *lookup(SubOp op) const { return lookupAddSub(op); }
  const FoldedConv *lookup(FullyConnectedOp op) const { return lookupConv(op); }
  const FoldedConv *lookup(MatMulOp op) const { return lookupConv(op); }

private:
  const FoldedConv *lookupConv(Operation *op) const {
    auto it = convs.find(op);
    return it == convs.end() ? nullptr : &it->second;
  }
  const FoldedAddSub *lookupAddSub(Operation *op) const {
    auto it = addSubs.find(op);
    return it == addSubs.end() ? nullptr : &it->second;
  }

  /// Convolutions, fully connected layers and matmuls.
  DenseMap<Operation *, FoldedConv> convs;
  DenseMap<Operation *, RescaleParams> requantizes;
  DenseMap<Operation *, FoldedAddSub> addSubs;
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

/// A conversion pattern that reads the analyses of its ops (when given).
template <typename OpTy>
class AnalyzedPattern : public OpConversionPattern<OpTy> {
public:
  AnalyzedPattern(const TypeConverter &typeConverter, MLIRContext *context,
                  const FoldAnalyses *analyses)
      : OpConversionPattern<OpTy>(typeConverter, context), analyses(analyses) {}

protected:
  /// The analysis of `op` by `analyze` (see getAnalysis).
  template <typename ResultTy>
  FailureOr<ResultTy> analyze(OpTy op,
                              llvm::Expected<ResultTy> (*analyze)(OpTy),
                              RewriterBase &rewriter) const {
    return getAnalysis(op, analyses, analyze, rewriter);
  }

  /// `type` converted to its storage type, as a ranked tensor.
  RankedTensorType convertType(Type type) const {
    return cast<RankedTensorType>(this->getTypeConverter()->convertType(type));
  }

private:
  const FoldAnalyses *analyses;
};

//===----------------------------------------------------------------------===//
// Building the integer-only IR
//===----------------------------------------------------------------------===//

/// The attribute of the integer `value` in the signless `storageType`
/// (255 in i8 is the bit pattern of an unsigned 255).
IntegerAttr getStorageAttr(Type storageType, int64_t value);

/// `value` (a storage integer, read as unsigned when `isUnsigned`) widened
/// to the integer `type`.
Value widenStorage(OpBuilder &b, Location loc, Value value, Type type,
                   bool isUnsigned);

/// A linalg.generic computing a tensor of `resultType` from `inputs` read
/// through `inputMaps`, over the loops `iterators` (the result is indexed by
/// `outputMap`; all-parallel identity when null). `init` is the initial
/// value of the result (an empty tensor when null). `body` gets the block's
/// arguments (inputs, then the result's current value) and returns the value
/// to yield.
Value buildGeneric(OpBuilder &b, Location loc, RankedTensorType resultType,
                   ValueRange inputs, ArrayRef<AffineMap> inputMaps,
                   function_ref<Value(OpBuilder &, Location, ValueRange)> body,
                   ArrayRef<utils::IteratorType> iterators = {},
                   AffineMap outputMap = {}, Value init = {});

/// A tensor of `type` filled with the integer `value`.
Value buildFilled(OpBuilder &b, Location loc, RankedTensorType type,
                  int64_t value);

/// `input` padded with the stored `value`, `low[d]` elements before and
/// `high[d]` after dimension d; `input` itself when there is no padding.
Value padTensor(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> low,
                ArrayRef<int64_t> high, int64_t value);

/// Steps 3 and 4 of spec section 6.3 on the float32 `f`: clamped to the
/// float bounds of [lo, hi] shifted by -zeroPoint, rounded half to even,
/// `zeroPoint` added, stored in the 8- or 16-bit `storageType` (whose range
/// holds [lo, hi], so that the float clamp is exact and the integer one never
/// acts).
Value emitFp32ToStorage(OpBuilder &b, Location loc, Value f, int64_t zeroPoint,
                        int64_t lo, int64_t hi, Type storageType);

/// `input` (storage values, unsigned when `isUnsigned`) clamped to the
/// stored bounds [lo, hi].
Value buildStorageClamp(OpBuilder &b, Location loc, Value input, int64_t lo,
                        int64_t hi, bool isUnsigned);

void populateFoldConvPatterns(const TypeConverter &typeConverter,
                              RewritePatternSet &patterns,
                              const FoldAnalyses *analyses);
void populateFoldQuantizeOpsPatterns(const TypeConverter &typeConverter,
                                     RewritePatternSet &patterns,
                                     const FoldAnalyses *analyses);
void populateFoldElementwisePatterns(const TypeConverter &typeConverter,
                                     RewritePatternSet &patterns,
                                     const FoldAnalyses *analyses);
void populateFoldPoolingPatterns(const TypeConverter &typeConverter,
                                 RewritePatternSet &patterns);
void populateFoldConcatPatterns(const TypeConverter &typeConverter,
                                RewritePatternSet &patterns);
void populateFoldDataMovementPatterns(const TypeConverter &typeConverter,
                                      RewritePatternSet &patterns);

} // namespace foldquant
} // namespace qedge
} // namespace mlir

#endif // QEDGE_LIB_DIALECT_QEDGE_TRANSFORMS_FOLDQUANTUTILS_H
