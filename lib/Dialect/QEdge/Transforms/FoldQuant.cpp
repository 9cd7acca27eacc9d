//===- FoldQuant.cpp - Quantized level to integer-only level --------------===//
//
// Part of quant-edge.
//
// The pass, its type converter and conversion target, and the patterns for
// the casts that the conversion makes redundant. The op patterns live in
// FoldConv.cpp and FoldQuantizeOps.cpp.
//
//===----------------------------------------------------------------------===//

#include "qedge/Dialect/QEdge/Transforms/Passes.h"

#include "FoldQuantUtils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"
#include "llvm/ADT/TypeSwitch.h"

namespace mlir {
namespace qedge {
#define GEN_PASS_DEF_QEDGEFOLDQUANT
#include "qedge/Dialect/QEdge/Transforms/Passes.h.inc"
} // namespace qedge
} // namespace mlir

using namespace mlir;
using namespace mlir::qedge;
using namespace mlir::qedge::foldquant;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

void foldquant::setMultipliers(RescaleParams &params, ArrayRef<double> real,
                            ArrayRef<float> fp32) {
  if (params.mode == RoundingMode::fp32) {
    params.scales.assign(fp32.begin(), fp32.end());
    if (llvm::all_equal(params.scales))
      params.scales.resize(1);
    return;
  }
  for (double m : real) {
    quantmath::FixedPointMultiplier fixed = quantmath::quantizeMultiplier(m);
    params.multipliers.push_back(fixed.multiplier);
    params.shifts.push_back(fixed.shift);
  }
  if (llvm::all_equal(params.multipliers) && llvm::all_equal(params.shifts)) {
    params.multipliers.resize(1);
    params.shifts.resize(1);
  }
}

//===----------------------------------------------------------------------===//
// Analyses
//===----------------------------------------------------------------------===//

/// Records `result` in `map` for `op`, or reports why `op` cannot fold.
template <typename T>
static LogicalResult record(Operation *op, llvm::Expected<T> result,
                            DenseMap<Operation *, T> &map) {
  if (!result)
    return op->emitOpError(llvm::toString(result.takeError()));
  map.try_emplace(op, std::move(*result));
  return success();
}

LogicalResult FoldAnalyses::analyze(Operation *root) {
  bool failedAny = false;
  root->walk([&](Operation *op) {
    LogicalResult result =
        TypeSwitch<Operation *, LogicalResult>(op)
            .Case([&](Conv2DOp conv) {
              return record(op, analyzeConv(conv), convs);
            })
            .Case([&](RequantizeOp requantize) {
              return record(op, analyzeRequantize(requantize), requantizes);
            })
            .Default([](Operation *) { return success(); });
    failedAny |= failed(result);
  });
  return failure(failedAny);
}

//===----------------------------------------------------------------------===//
// Type conversion
//===----------------------------------------------------------------------===//

QuantStorageTypeConverter::QuantStorageTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion([](RankedTensorType type) -> Type {
    auto quantType = dyn_cast<quant::QuantizedType>(type.getElementType());
    if (!quantType)
      return type;
    return type.clone(IntegerType::get(
        type.getContext(), quantType.getStorageTypeIntegralWidth()));
  });
  auto storageCast = [](OpBuilder &b, Type type, ValueRange inputs,
                        Location loc) -> Value {
    if (inputs.size() != 1)
      return Value();
    return quant::StorageCastOp::create(b, loc, type, inputs.front());
  };
  addSourceMaterialization(storageCast);
  addTargetMaterialization(storageCast);
}

namespace {
/// `quant.scast` between a storage tensor and a quantized tensor disappears
/// once both sides have the storage type.
struct EraseStorageCast : public OpConversionPattern<quant::StorageCastOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(quant::StorageCastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type resultType = getTypeConverter()->convertType(op.getType());
    if (adaptor.getInput().getType() != resultType)
      return rewriter.notifyMatchFailure(op, "not a storage round trip");
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};
} // namespace

void mlir::qedge::configureQEdgeFoldQuantTarget(
    ConversionTarget &target, const TypeConverter &typeConverter) {
  target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect,
                         math::MathDialect, tensor::TensorDialect>();
  target.addLegalOp<IntConv2DOp, RescaleOp, CalibrateOp>();
  target.addIllegalOp<Conv2DOp, QuantizeOp, DequantizeOp, RequantizeOp>();
  target.addDynamicallyLegalOp<quant::StorageCastOp>(
      [&](quant::StorageCastOp op) {
        return typeConverter.isLegal(op.getOperation());
      });
  target.addDynamicallyLegalOp<func::FuncOp>([&](func::FuncOp op) {
    return typeConverter.isSignatureLegal(op.getFunctionType()) &&
           typeConverter.isLegal(&op.getBody());
  });
  target.addDynamicallyLegalOp<func::ReturnOp, func::CallOp>(
      [&](Operation *op) { return typeConverter.isLegal(op); });
}

/// The patterns, reading `analyses` when given.
static void populatePatterns(const TypeConverter &typeConverter,
                             RewritePatternSet &patterns,
                             const FoldAnalyses *analyses) {
  patterns.add<EraseStorageCast>(typeConverter, patterns.getContext());
  foldquant::populateFoldConvPatterns(typeConverter, patterns, analyses);
  foldquant::populateFoldQuantizeOpsPatterns(typeConverter, patterns,
                                             analyses);
  populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(
      patterns, typeConverter);
  populateReturnOpTypeConversionPattern(patterns, typeConverter);
  populateCallOpTypeConversionPattern(patterns, typeConverter);
}

void mlir::qedge::populateQEdgeFoldQuantPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  populatePatterns(typeConverter, patterns, /*analyses=*/nullptr);
}

//===----------------------------------------------------------------------===//
// Pass
//===----------------------------------------------------------------------===//

namespace {
struct QEdgeFoldQuantPass
    : public qedge::impl::QEdgeFoldQuantBase<QEdgeFoldQuantPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Each op is analyzed once, here: what cannot fold gets a located error
    // instead of the conversion's generic "failed to legalize", and the
    // patterns read the results.
    FoldAnalyses analyses;
    if (failed(analyses.analyze(module)))
      return signalPassFailure();

    MLIRContext *context = &getContext();
    QuantStorageTypeConverter typeConverter;
    ConversionTarget target(*context);
    configureQEdgeFoldQuantTarget(target, typeConverter);
    RewritePatternSet patterns(context);
    populatePatterns(typeConverter, patterns, &analyses);
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
