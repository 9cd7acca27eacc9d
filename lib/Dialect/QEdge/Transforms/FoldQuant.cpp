//===- FoldQuant.cpp - Quantized level to integer-only level --------------===//
//
// Part of quant-edge.
//
// The pass, its type converter and conversion target, the patterns for the
// casts that the conversion makes redundant, and the IR-building helpers the
// op patterns share. The op patterns live in FoldConv.cpp (conv2d,
// fully_connected, matmul), FoldQuantizeOps.cpp, FoldElementwise.cpp (add, sub,
// mul, clamp, table), FoldPooling.cpp, FoldConcat.cpp and FoldDataMovement.cpp
// (reshape, transpose, pad).
//
//===----------------------------------------------------------------------===//

#include "qedge/Dialect/QEdge/Transforms/Passes.h"

#include "FoldQuantUtils.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"
#include "qedge/Dialect/QEdge/IR/QEdgeVerifiers.h"
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

void foldquant::setOutput(RescaleParams &params,
                          quant::QuantizedType outputType, FloatAttr clampMin,
                          FloatAttr clampMax) {
  quantmath::StorageRange bounds =
      getClampBounds(clampMin, clampMax, outputType, params.mode);
  params.outputZp = getZeroPoint(outputType, 0);
  params.clampMin = bounds.qmin;
  params.clampMax = bounds.qmax;
  params.outputUnsigned = !outputType.isSigned();
}

IntegerAttr foldquant::getStorageAttr(Type storageType, int64_t value) {
  return IntegerAttr::get(storageType,
                          APInt(storageType.getIntOrFloatBitWidth(),
                                static_cast<uint64_t>(value),
                                /*isSigned=*/value < 0));
}

Value foldquant::widenStorage(OpBuilder &b, Location loc, Value value,
                              Type type, bool isUnsigned) {
  if (value.getType() == type)
    return value;
  if (isUnsigned)
    return arith::ExtUIOp::create(b, loc, type, value);
  return arith::ExtSIOp::create(b, loc, type, value);
}

Value foldquant::buildGeneric(
    OpBuilder &b, Location loc, RankedTensorType resultType, ValueRange inputs,
    ArrayRef<AffineMap> inputMaps,
    function_ref<Value(OpBuilder &, Location, ValueRange)> body,
    ArrayRef<utils::IteratorType> iterators, AffineMap outputMap, Value init) {
  int64_t rank = resultType.getRank();
  SmallVector<utils::IteratorType> loops(iterators);
  if (loops.empty())
    loops.assign(rank, utils::IteratorType::parallel);
  if (!outputMap)
    outputMap = b.getMultiDimIdentityMap(rank);
  if (!init)
    init = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                   resultType.getElementType());
  SmallVector<AffineMap> maps(inputMaps);
  maps.push_back(outputMap);
  return linalg::GenericOp::create(
             b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps,
             loops,
             [&](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc, body(nb, nloc, args));
             })
      .getResult(0);
}

Value foldquant::buildFilled(OpBuilder &b, Location loc, RankedTensorType type,
                             int64_t value) {
  Value empty =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value scalar = arith::ConstantOp::create(
      b, loc, getStorageAttr(type.getElementType(), value));
  return linalg::FillOp::create(b, loc, scalar, empty).getResult(0);
}

Value foldquant::padTensor(OpBuilder &b, Location loc, Value input,
                           ArrayRef<int64_t> low, ArrayRef<int64_t> high,
                           int64_t value) {
  auto zero = [](int64_t p) { return p == 0; };
  if (llvm::all_of(low, zero) && llvm::all_of(high, zero))
    return input;
  auto type = cast<RankedTensorType>(input.getType());
  Value padValue = arith::ConstantOp::create(
      b, loc, getStorageAttr(type.getElementType(), value));
  SmallVector<int64_t> shape;
  SmallVector<OpFoldResult> lowSizes, highSizes;
  for (auto [size, l, h] : llvm::zip(type.getShape(), low, high)) {
    shape.push_back(size + l + h);
    lowSizes.push_back(b.getIndexAttr(l));
    highSizes.push_back(b.getIndexAttr(h));
  }
  return tensor::PadOp::create(b, loc, type.clone(shape), input, lowSizes,
                               highSizes, padValue);
}

Value foldquant::emitFp32ToStorage(OpBuilder &b, Location loc, Value f,
                                   int64_t zeroPoint, int64_t lo, int64_t hi,
                                   Type storageType) {
  quantmath::Fp32ClampBounds bounds =
      quantmath::getFp32ClampBounds(zeroPoint, lo, hi);
  auto fconst = [&](float v) {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
  };
  f = arith::MaximumFOp::create(b, loc, f, fconst(bounds.lo));
  f = arith::MinimumFOp::create(b, loc, f, fconst(bounds.hi));
  f = math::RoundEvenOp::create(b, loc, f);
  Type i32 = b.getI32Type();
  Value q = arith::FPToSIOp::create(b, loc, i32, f);
  q = arith::AddIOp::create(
      b, loc, q,
      arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(zeroPoint)));
  if (storageType == i32)
    return q;
  return arith::TruncIOp::create(b, loc, storageType, q);
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
            .Case(
                [&](AddOp add) { return record(op, analyzeAdd(add), addSubs); })
            .Case(
                [&](SubOp sub) { return record(op, analyzeSub(sub), addSubs); })
            .Case([&](FullyConnectedOp fc) {
              return record(op, analyzeFullyConnected(fc), convs);
            })
            .Case([&](MatMulOp matmul) {
              return record(op, analyzeMatMul(matmul), convs);
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
  target.addIllegalOp<Conv2DOp, QuantizeOp, DequantizeOp, RequantizeOp, AddOp,
                      SubOp, MulOp, MaxPool2DOp, AvgPool2DOp, GlobalAvgPoolOp,
                      FullyConnectedOp, ClampOp, ConcatOp, ReshapeOp,
                      TransposeOp, PadOp, TableOp, MatMulOp>();
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
  foldquant::populateFoldElementwisePatterns(typeConverter, patterns, analyses);
  foldquant::populateFoldPoolingPatterns(typeConverter, patterns);
  foldquant::populateFoldConcatPatterns(typeConverter, patterns);
  foldquant::populateFoldDataMovementPatterns(typeConverter, patterns);
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
