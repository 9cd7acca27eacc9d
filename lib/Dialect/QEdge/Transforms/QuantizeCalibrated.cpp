//===- QuantizeCalibrated.cpp - Calibrated float network to qedge ops -----===//
//
// Part of quant-edge.
//
// Rewrites a calibrated float (TOSA) network into the quantized level. The
// rewrite is one walk in program order: each marked tensor gets its type
// from its statistics and the chosen range method; each float op whose
// operands are quantized by then becomes its qedge op, reading its result
// type from the marker that follows it (after a fused clamp); any other op
// stays float between dequantize and quantize. The replaced float ops are
// erased at the end.
//
//===----------------------------------------------------------------------===//

#include "qedge/Dialect/QEdge/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"
#include "qedge/QuantMath/Calibration.h"
#include "qedge/QuantMath/QuantMath.h"
#include "qedge/Support/OutputFile.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/JSON.h"

#include <cmath>

namespace mlir {
namespace qedge {
#define GEN_PASS_DEF_QEDGEQUANTIZECALIBRATED
#include "qedge/Dialect/QEdge/Transforms/Passes.h.inc"
} // namespace qedge
} // namespace mlir

using namespace mlir;
using namespace mlir::qedge;
namespace qm = mlir::qedge::quantmath;

/// The discardable attributes that override the bit widths for one op.
static constexpr llvm::StringLiteral kActivationBitsAttr =
    "qedge.activation_bits";
static constexpr llvm::StringLiteral kWeightBitsAttr = "qedge.weight_bits";

namespace {

/// What the options ask for, checked once.
struct QuantizeConfig {
  qm::RangeOptions range;
  unsigned activationBits = 8;
  unsigned weightBits = 8;
  bool symmetric = false;
  bool perChannel = true;
  RoundingMode rounding = RoundingMode::gemmlowp;
};

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

/// The signed storage of an N-bit value: i8 up to 8 bits, else i16; narrow
/// ([-(2^(N-1) - 1), 2^(N-1) - 1]) for symmetric values.
struct Storage {
  IntegerType type;
  qm::StorageRange range;
};

Storage getStorage(MLIRContext *context, unsigned bits, bool narrow) {
  qm::StorageRange range = *qm::getStorageRange(bits, /*isSigned=*/true,
                                                narrow);
  return {IntegerType::get(context, bits <= 8 ? 8 : 16), range};
}

quant::UniformQuantizedType getActivationType(MLIRContext *context,
                                              qm::QuantParams params,
                                              const Storage &storage) {
  return quant::UniformQuantizedType::get(
      quant::QuantizationFlags::Signed, storage.type,
      Float32Type::get(context), params.scale, params.zeroPoint,
      storage.range.qmin, storage.range.qmax);
}

/// The parameters of an activation of range `range`.
FailureOr<qm::QuantParams> chooseParams(qm::Range range, const Storage &storage,
                                        bool symmetric, std::string &reason) {
  qm::QuantParams params;
  qm::RangeError error =
      symmetric ? qm::chooseSymmetricParams(range.min, range.max,
                                            storage.range, true, params)
                : qm::chooseAsymmetricParams(range.min, range.max,
                                             storage.range, params);
  if (error != qm::RangeError::None)
    return reason = qm::describe(error), failure();
  return params;
}

int64_t getBits(Operation *op, StringRef name, unsigned fallback) {
  if (op)
    if (auto attr = op->getAttrOfType<IntegerAttr>(name))
      return attr.getInt();
  return fallback;
}

//===----------------------------------------------------------------------===//
// The walk
//===----------------------------------------------------------------------===//

/// Where a computed value ends: the marker that gives its type, after the
/// clamp a quantized op fuses, if any.
struct Output {
  Value value;                ///< the float value the marker observes
  tosa::ClampOp clamp;        ///< the fused clamp, or null
  CalibrateOp marker;         ///< the marker, or null
};

class NetworkQuantizer {
public:
  NetworkQuantizer(func::FuncOp func, const QuantizeConfig &config)
      : func(func), config(config), builder(func.getContext()) {}

  LogicalResult run();

private:
  /// The quantized type of `marker`'s tensor, for an op with the overrides
  /// of `owner`.
  FailureOr<quant::UniformQuantizedType> getMarkerType(CalibrateOp marker,
                                                       Operation *owner);
  Output findOutput(Value result, bool fuseClamp = true);
  Value lookup(Value value) const { return quantized.lookup(value); }
  void mapOutput(const Output &output, Value q, Operation *op);
  Value constantOf(Location loc, ArrayRef<int64_t> shape,
                   ArrayRef<int64_t> values, Type storage, Type quantType);
  std::pair<FloatAttr, FloatAttr> clampBounds(tosa::ClampOp clamp);
  std::pair<Value, Value> createWeightsAndBias(Operation *op, Location loc,
                                               DenseElementsAttr weights,
                                               ArrayRef<int64_t> filterShape,
                                               DenseElementsAttr bias,
                                               double inputScale);

  LogicalResult quantizeConv(Operation *op, Value input, Value weights,
                             Value bias, ArrayRef<int64_t> pad,
                             ArrayRef<int64_t> stride,
                             ArrayRef<int64_t> dilation, bool depthwise);
  LogicalResult quantizeMatMul(tosa::MatMulOp op);
  LogicalResult quantizeBinary(Operation *op);
  LogicalResult quantizeAvgPool(tosa::AvgPool2dOp op);
  LogicalResult quantizeOp(Operation *op);
  void keepFloat(Operation *op);

  func::FuncOp func;
  const QuantizeConfig &config;
  OpBuilder builder;
  /// Float value -> its quantized counterpart.
  llvm::DenseMap<Value, Value> quantized;
  /// The float ops replaced, in program order.
  SmallVector<Operation *> replaced;
};

FailureOr<quant::UniformQuantizedType>
NetworkQuantizer::getMarkerType(CalibrateOp marker, Operation *owner) {
  CalibrationStatsAttr stats = marker.getStatsAttr();
  if (!stats)
    return marker.emitError("qedge-quantize-calibrated: this tensor has no "
                            "statistics (run qedge-calibrate first)"),
           failure();
  unsigned bits = getBits(owner, kActivationBitsAttr, config.activationBits);
  if (bits < qm::kMinStorageBits || bits > qm::kMaxStorageBits)
    return marker.emitError("activation bits must be in [2, 16], got ")
               << bits,
           failure();
  qm::Range range;
  qm::Status status = qm::computeRange(
      stats.getStatistics(), config.range,
      qm::QuantizationKind{bits, true, config.symmetric}, range);
  if (status.isFailure())
    return marker.emitError("cannot choose a range with '")
               << qm::getRangeMethodName(config.range.method)
               << "': " << status.getMessage(),
           failure();
  std::string reason;
  Storage storage = getStorage(func.getContext(), bits, config.symmetric);
  FailureOr<qm::QuantParams> params =
      chooseParams(range, storage, config.symmetric, reason);
  if (failed(params))
    return marker.emitError("cannot quantize the range [")
               << range.min << ", " << range.max << "]: " << reason,
           failure();
  return getActivationType(func.getContext(), *params, storage);
}

Output NetworkQuantizer::findOutput(Value result, bool fuseClamp) {
  Output output{result, nullptr, nullptr};
  if (fuseClamp && result.hasOneUse())
    if (auto clamp = dyn_cast<tosa::ClampOp>(*result.getUsers().begin())) {
      output.clamp = clamp;
      output.value = clamp.getResult();
    }
  for (Operation *user : output.value.getUsers())
    if (auto marker = dyn_cast<CalibrateOp>(user))
      output.marker = marker;
  return output;
}

void NetworkQuantizer::mapOutput(const Output &output, Value q, Operation *op) {
  quantized[output.value] = q;
  if (CalibrateOp marker = output.marker)
    quantized[marker.getResult()] = q;
  replaced.push_back(op);
  if (output.clamp)
    replaced.push_back(output.clamp);
}

Value NetworkQuantizer::constantOf(Location loc, ArrayRef<int64_t> shape,
                                   ArrayRef<int64_t> values, Type storage,
                                   Type quantType) {
  auto storageType = RankedTensorType::get(shape, storage);
  SmallVector<APInt> bits;
  unsigned width = storage.getIntOrFloatBitWidth();
  for (int64_t value : values)
    bits.push_back(APInt(width, value, /*isSigned=*/true));
  Value constant = arith::ConstantOp::create(
      builder, loc, DenseElementsAttr::get(storageType, bits));
  return quant::StorageCastOp::create(
      builder, loc, RankedTensorType::get(shape, quantType), constant);
}

std::pair<FloatAttr, FloatAttr>
NetworkQuantizer::clampBounds(tosa::ClampOp clamp) {
  if (!clamp)
    return {};
  auto bound = [&](Attribute attr) -> FloatAttr {
    auto value = dyn_cast<FloatAttr>(attr);
    if (!value || std::isinf(value.getValueAsDouble()) ||
        std::abs(value.getValueAsDouble()) >= 3.4e38)
      return {};
    return builder.getF32FloatAttr(value.getValueAsDouble());
  };
  return {bound(clamp.getMinValAttr()), bound(clamp.getMaxValAttr())};
}

/// Symmetric weights per output channel (dimension 0 of `weights`, OHWI or
/// [out, in]) or per tensor, quantized at compile time.
struct QuantizedWeights {
  SmallVector<int64_t> values;
  SmallVector<double> scales;
};

QuantizedWeights quantizeWeights(DenseElementsAttr weights, int64_t channels,
                                 unsigned bits, bool perChannel) {
  SmallVector<float> values(weights.getValues<float>());
  int64_t perChannelCount = values.size() / channels;
  qm::StorageRange range = *qm::getStorageRange(bits, true, /*narrow=*/true);
  QuantizedWeights result;
  auto scaleOf = [&](int64_t first, int64_t count) {
    double maxAbs = 0;
    for (int64_t i = first; i < first + count; ++i)
      maxAbs = std::max(maxAbs, std::abs(static_cast<double>(values[i])));
    return maxAbs > 0 ? maxAbs / range.qmax : 1.0;
  };
  if (perChannel)
    for (int64_t c = 0; c < channels; ++c)
      result.scales.push_back(scaleOf(c * perChannelCount, perChannelCount));
  else
    result.scales.push_back(scaleOf(0, values.size()));
  for (auto [i, value] : llvm::enumerate(values)) {
    double scale = result.scales[perChannel ? i / perChannelCount : 0];
    result.values.push_back(
        qm::quantize(value, static_cast<float>(scale), 0, range));
  }
  return result;
}

/// The `arith.constant` + `quant.scast` of `weights` (float, already in
/// `filterShape`, output channels first) quantized with the op's weight
/// bits, and of `bias` (one value per output channel, or one for all) as
/// i32 at inputScale * S_w[c].
std::pair<Value, Value> NetworkQuantizer::createWeightsAndBias(
    Operation *op, Location loc, DenseElementsAttr weights,
    ArrayRef<int64_t> filterShape, DenseElementsAttr bias,
    double inputScale) {
  int64_t channels = filterShape[0];
  unsigned weightBits = getBits(op, kWeightBitsAttr, config.weightBits);
  QuantizedWeights qw =
      quantizeWeights(weights, channels, weightBits, config.perChannel);
  Storage storage = getStorage(op->getContext(), weightBits, true);
  Type f32 = builder.getF32Type();
  Type filterElement =
      config.perChannel
          ? Type(quant::UniformQuantizedPerAxisType::get(
                quant::QuantizationFlags::Signed, storage.type, f32,
                qw.scales, SmallVector<int64_t>(channels, 0), 0,
                storage.range.qmin, storage.range.qmax))
          : Type(quant::UniformQuantizedType::get(
                quant::QuantizationFlags::Signed, storage.type, f32,
                qw.scales[0], 0, storage.range.qmin, storage.range.qmax));
  SmallVector<float> biasFloats(bias.getValues<float>());
  SmallVector<double> biasScales;
  SmallVector<int64_t> biasInts;
  for (int64_t c = 0; c < channels; ++c) {
    double scale = inputScale * qw.scales[config.perChannel ? c : 0];
    biasScales.push_back(scale);
    double q =
        std::nearbyint(biasFloats[biasFloats.size() == 1 ? 0 : c] / scale);
    biasInts.push_back(
        static_cast<int64_t>(std::clamp(q, -2147483648.0, 2147483647.0)));
  }
  auto i32 = builder.getI32Type();
  Type biasElement = quant::UniformQuantizedPerAxisType::get(
      quant::QuantizationFlags::Signed, i32, f32, biasScales,
      SmallVector<int64_t>(channels, 0), 0, INT32_MIN, INT32_MAX);
  return {constantOf(loc, filterShape, qw.values, storage.type,
                     filterElement),
          constantOf(loc, {channels}, biasInts, i32, biasElement)};
}

LogicalResult NetworkQuantizer::quantizeConv(
    Operation *op, Value input, Value weights, Value bias,
    ArrayRef<int64_t> pad, ArrayRef<int64_t> stride,
    ArrayRef<int64_t> dilation, bool depthwise) {
  Value qInput = lookup(input);
  DenseElementsAttr weightValues, biasValues;
  Output output = findOutput(op->getResult(0));
  if (!qInput || !output.marker ||
      !matchPattern(weights, m_Constant(&weightValues)) ||
      !matchPattern(bias, m_Constant(&biasValues)) ||
      !weightValues.getElementType().isF32() ||
      !biasValues.getElementType().isF32())
    return failure();
  auto inputType = cast<quant::UniformQuantizedType>(
      cast<RankedTensorType>(qInput.getType()).getElementType());
  FailureOr<quant::UniformQuantizedType> outputType =
      getMarkerType(output.marker, op);
  if (failed(outputType))
    return failure();
  auto weightType = cast<RankedTensorType>(weights.getType());
  // OHWI; TOSA's depthwise weights [KH, KW, C, M] become [C * M, KH, KW, 1].
  SmallVector<int64_t> filterShape(weightType.getShape());
  int64_t groups = 1;
  if (depthwise) {
    int64_t kh = filterShape[0], kw = filterShape[1], c = filterShape[2],
            m = filterShape[3];
    SmallVector<float> source(weightValues.getValues<float>()), reordered;
    for (int64_t oc = 0; oc < c * m; ++oc)
      for (int64_t y = 0; y < kh; ++y)
        for (int64_t x = 0; x < kw; ++x)
          reordered.push_back(source[((y * kw + x) * c + oc / m) * m + oc % m]);
    filterShape = {c * m, kh, kw, 1};
    weightValues = DenseElementsAttr::get(
        RankedTensorType::get(filterShape, builder.getF32Type()),
        ArrayRef<float>(reordered));
    groups = c;
  }
  Location loc = op->getLoc();
  builder.setInsertionPoint(op);
  auto [filter, qBias] =
      createWeightsAndBias(op, loc, weightValues, filterShape, biasValues,
                           inputType.getScale());
  auto resultShape = cast<RankedTensorType>(op->getResult(0).getType());
  auto [clampMin, clampMax] = clampBounds(output.clamp);
  auto conv = Conv2DOp::create(
      builder, loc, RankedTensorType::get(resultShape.getShape(), *outputType),
      qInput, filter, qBias, builder.getDenseI64ArrayAttr(stride),
      builder.getDenseI64ArrayAttr(pad), builder.getDenseI64ArrayAttr(dilation),
      builder.getI64IntegerAttr(groups), clampMin, clampMax,
      RoundingModeAttr::get(op->getContext(), config.rounding));
  mapOutput(output, conv.getResult(), op);
  return success();
}

/// A fully connected layer as TOSA spells it: `tosa.matmul` of a [1, M, C]
/// activation with constant [1, C, K] weights, then `tosa.add` of a constant
/// bias; it becomes `qedge.fully_connected` on [M, C] and [K, C].
LogicalResult NetworkQuantizer::quantizeMatMul(tosa::MatMulOp op) {
  Value qA = lookup(op.getA());
  DenseElementsAttr weights, bias;
  if (!qA || !matchPattern(op.getB(), m_Constant(&weights)))
    return failure();
  // The bias add, the only user but for a marker (whose range the fused
  // layer does not need).
  tosa::AddOp add;
  for (Operation *user : op.getResult().getUsers()) {
    if (isa<CalibrateOp>(user))
      continue;
    if (add || !isa<tosa::AddOp>(user))
      return failure();
    add = cast<tosa::AddOp>(user);
  }
  if (!add)
    return failure();
  Value biasValue =
      add.getInput1() == op.getResult() ? add.getInput2() : add.getInput1();
  if (!matchPattern(biasValue, m_Constant(&bias)) ||
      !weights.getElementType().isF32() || !bias.getElementType().isF32())
    return failure();
  auto aType = cast<RankedTensorType>(op.getA().getType());
  auto bType = cast<RankedTensorType>(weights.getType());
  if (aType.getDimSize(0) != 1 || bType.getDimSize(0) != 1)
    return failure();
  int64_t m = aType.getDimSize(1), c = aType.getDimSize(2),
          k = bType.getDimSize(2);
  Output output = findOutput(add.getResult());
  if (!output.marker)
    return failure();
  FailureOr<quant::UniformQuantizedType> outputType =
      getMarkerType(output.marker, op);
  if (failed(outputType))
    return failure();
  auto inputType = cast<quant::UniformQuantizedType>(
      cast<RankedTensorType>(qA.getType()).getElementType());
  // [C, K] -> [K, C].
  SmallVector<float> source(weights.getValues<float>()), transposed(k * c);
  for (int64_t i = 0; i < c; ++i)
    for (int64_t j = 0; j < k; ++j)
      transposed[j * c + i] = source[i * k + j];
  auto filterValues = DenseElementsAttr::get(
      RankedTensorType::get({k, c}, builder.getF32Type()),
      ArrayRef<float>(transposed));
  Location loc = op.getLoc();
  builder.setInsertionPoint(add);
  Value flat = ReshapeOp::create(builder, loc,
                                 RankedTensorType::get({m, c}, inputType), qA);
  auto [filter, qBias] = createWeightsAndBias(op, loc, filterValues, {k, c},
                                              bias, inputType.getScale());
  auto [clampMin, clampMax] = clampBounds(output.clamp);
  auto fc = FullyConnectedOp::create(
      builder, loc, RankedTensorType::get({m, k}, *outputType), flat, filter,
      qBias, clampMin, clampMax,
      RoundingModeAttr::get(op->getContext(), config.rounding));
  Value result = ReshapeOp::create(
      builder, loc, RankedTensorType::get({1, m, k}, *outputType), fc);
  replaced.push_back(op);
  mapOutput(output, result, add);
  return success();
}

LogicalResult NetworkQuantizer::quantizeBinary(Operation *op) {
  Value lhs = lookup(op->getOperand(0)), rhs = lookup(op->getOperand(1));
  Output output = findOutput(op->getResult(0));
  if (!lhs || !rhs || !output.marker)
    return failure();
  FailureOr<quant::UniformQuantizedType> outputType =
      getMarkerType(output.marker, op);
  if (failed(outputType))
    return failure();
  builder.setInsertionPoint(op);
  auto type = RankedTensorType::get(
      cast<RankedTensorType>(op->getResult(0).getType()).getShape(),
      *outputType);
  FloatAttr clampMin, clampMax;
  std::tie(clampMin, clampMax) = clampBounds(output.clamp);
  auto rounding = RoundingModeAttr::get(op->getContext(), config.rounding);
  Location loc = op->getLoc();
  Value result =
      TypeSwitch<Operation *, Value>(op)
          .Case([&](tosa::AddOp) {
            return AddOp::create(builder, loc, type, lhs, rhs, clampMin,
                                 clampMax, rounding);
          })
          .Case([&](tosa::SubOp) {
            return SubOp::create(builder, loc, type, lhs, rhs, clampMin,
                                 clampMax, rounding);
          })
          .Case([&](tosa::MulOp) {
            return MulOp::create(builder, loc, type, lhs, rhs, clampMin,
                                 clampMax, rounding);
          });
  mapOutput(output, result, op);
  return success();
}

LogicalResult NetworkQuantizer::quantizeAvgPool(tosa::AvgPool2dOp op) {
  Value input = lookup(op.getInput());
  if (!input)
    return failure();
  auto inputType = cast<RankedTensorType>(input.getType());
  Output output = findOutput(op.getResult(), /*fuseClamp=*/false);
  bool global = inputType.getDimSize(1) == op.getKernel()[0] &&
                inputType.getDimSize(2) == op.getKernel()[1] &&
                llvm::all_of(op.getPad(), [](int64_t p) { return p == 0; });
  // TFLite's average pool keeps its input's type in gemmlowp and rndnu mode;
  // the global one (TFLite's Mean) rescales.
  Type element = inputType.getElementType();
  if ((global || config.rounding == RoundingMode::fp32) && output.marker) {
    FailureOr<quant::UniformQuantizedType> outputType =
        getMarkerType(output.marker, op);
    if (failed(outputType))
      return failure();
    element = *outputType;
  }
  builder.setInsertionPoint(op);
  auto type = RankedTensorType::get(
      cast<RankedTensorType>(op.getType()).getShape(), element);
  auto rounding = RoundingModeAttr::get(op->getContext(), config.rounding);
  Value result;
  if (global)
    result = GlobalAvgPoolOp::create(builder, op.getLoc(), type, input,
                                     rounding);
  else
    result = AvgPool2DOp::create(
        builder, op.getLoc(), type, input,
        builder.getDenseI64ArrayAttr(op.getKernel()),
        builder.getDenseI64ArrayAttr(op.getStride()),
        builder.getDenseI64ArrayAttr(op.getPad()), /*count_include_pad=*/nullptr,
        FloatAttr(), FloatAttr(), rounding);
  mapOutput(output, result, op);
  return success();
}

/// Quantizes `op` if its operands are quantized and the op has a qedge
/// counterpart; fails (without diagnostics) otherwise.
LogicalResult NetworkQuantizer::quantizeOp(Operation *op) {
  auto sameType = [&](Value input, Operation *op) -> RankedTensorType {
    auto element =
        cast<RankedTensorType>(input.getType()).getElementType();
    return RankedTensorType::get(
        cast<RankedTensorType>(op->getResult(0).getType()).getShape(),
        element);
  };
  return TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](tosa::Conv2DOp conv) {
        return quantizeConv(conv, conv.getInput(), conv.getWeight(),
                            conv.getBias(), conv.getPad(), conv.getStride(),
                            conv.getDilation(), /*depthwise=*/false);
      })
      .Case([&](tosa::DepthwiseConv2DOp conv) {
        return quantizeConv(conv, conv.getInput(), conv.getWeight(),
                            conv.getBias(), conv.getPad(), conv.getStride(),
                            conv.getDilation(), /*depthwise=*/true);
      })
      .Case([&](tosa::MatMulOp matmul) { return quantizeMatMul(matmul); })
      .Case<tosa::AddOp, tosa::SubOp, tosa::MulOp>(
          [&](Operation *op) { return quantizeBinary(op); })
      .Case([&](tosa::AvgPool2dOp pool) { return quantizeAvgPool(pool); })
      .Case([&](tosa::MaxPool2dOp pool) -> LogicalResult {
        Value input = lookup(pool.getInput());
        if (!input)
          return failure();
        builder.setInsertionPoint(pool);
        auto result = MaxPool2DOp::create(
            builder, pool.getLoc(), sameType(input, pool), input,
            builder.getDenseI64ArrayAttr(pool.getKernel()),
            builder.getDenseI64ArrayAttr(pool.getStride()),
            builder.getDenseI64ArrayAttr(pool.getPad()), FloatAttr(),
            FloatAttr(), RoundingModeAttr::get(pool->getContext(),
                                               config.rounding));
        mapOutput(findOutput(pool.getResult(), false), result, pool);
        return success();
      })
      .Case([&](tosa::ClampOp clamp) -> LogicalResult {
        Value input = lookup(clamp.getInput());
        if (!input)
          return failure();
        builder.setInsertionPoint(clamp);
        auto [lo, hi] = clampBounds(clamp);
        auto result = ClampOp::create(builder, clamp.getLoc(), input, lo, hi);
        mapOutput(findOutput(clamp.getResult(), false), result, clamp);
        return success();
      })
      .Case([&](tosa::ReshapeOp reshape) -> LogicalResult {
        Value input = lookup(reshape.getInput1());
        if (!input)
          return failure();
        builder.setInsertionPoint(reshape);
        auto result = ReshapeOp::create(builder, reshape.getLoc(),
                                        sameType(input, reshape), input);
        mapOutput(findOutput(reshape.getResult(), false), result, reshape);
        return success();
      })
      .Case([&](tosa::TransposeOp transpose) -> LogicalResult {
        Value input = lookup(transpose.getInput1());
        if (!input)
          return failure();
        builder.setInsertionPoint(transpose);
        SmallVector<int64_t> permutation(transpose.getPerms());
        auto result = TransposeOp::create(
            builder, transpose.getLoc(), sameType(input, transpose), input,
            builder.getDenseI64ArrayAttr(permutation));
        mapOutput(findOutput(transpose.getResult(), false), result,
                  transpose);
        return success();
      })
      .Case([&](tosa::ConcatOp concat) -> LogicalResult {
        SmallVector<Value> inputs;
        for (Value input : concat.getInput1())
          if (Value q = lookup(input))
            inputs.push_back(q);
          else
            return failure();
        Output output = findOutput(concat.getResult(), false);
        if (!output.marker)
          return failure();
        FailureOr<quant::UniformQuantizedType> type =
            getMarkerType(output.marker, concat);
        if (failed(type))
          return failure();
        builder.setInsertionPoint(concat);
        auto result = ConcatOp::create(
            builder, concat.getLoc(),
            RankedTensorType::get(concat.getType().getShape(), *type), inputs,
            builder.getI64IntegerAttr(concat.getAxis()),
            RoundingModeAttr::get(concat->getContext(), config.rounding));
        mapOutput(output, result, concat);
        return success();
      })
      .Case<tosa::SigmoidOp, tosa::TanhOp>([&](Operation *op)
                                               -> LogicalResult {
        Value input = lookup(op->getOperand(0));
        Output output = findOutput(op->getResult(0), false);
        if (!input || !output.marker ||
            cast<quant::UniformQuantizedType>(
                cast<RankedTensorType>(input.getType()).getElementType())
                    .getStorageTypeIntegralWidth() != 8)
          return failure();
        FailureOr<quant::UniformQuantizedType> type =
            getMarkerType(output.marker, op);
        if (failed(type) || type->getStorageTypeIntegralWidth() != 8)
          return failure();
        builder.setInsertionPoint(op);
        UnaryFunction function = isa<tosa::SigmoidOp>(op)
                                     ? UnaryFunction::sigmoid
                                     : UnaryFunction::tanh;
        auto result = TableOp::create(
            builder, op->getLoc(),
            RankedTensorType::get(
                cast<RankedTensorType>(op->getResult(0).getType()).getShape(),
                *type),
            input, UnaryFunctionAttr::get(op->getContext(), function),
            RoundingModeAttr::get(op->getContext(), config.rounding));
        mapOutput(output, result, op);
        return success();
      })
      .Default([](Operation *) { return failure(); });
}

/// Leaves `op` in float: quantized operands are dequantized for it.
void NetworkQuantizer::keepFloat(Operation *op) {
  bool remarked = false;
  for (OpOperand &operand : op->getOpOperands()) {
    Value q = lookup(operand.get());
    if (!q)
      continue;
    if (!remarked && !isa<func::ReturnOp>(op)) {
      op->emitRemark("qedge-quantize-calibrated: stays float (no quantized "
                     "form for this op with these operands)");
      remarked = true;
    }
    builder.setInsertionPoint(op);
    operand.set(DequantizeOp::create(
        builder, op->getLoc(),
        RankedTensorType::get(cast<RankedTensorType>(q.getType()).getShape(),
                              builder.getF32Type()),
        q));
  }
}

LogicalResult NetworkQuantizer::run() {
  SmallVector<Operation *> ops;
  for (Operation &op : func.getBody().getOps())
    ops.push_back(&op);
  for (Operation *op : ops) {
    if (llvm::is_contained(replaced, op))
      continue;
    if (auto marker = dyn_cast<CalibrateOp>(op)) {
      if (lookup(marker.getResult()) ||
          llvm::is_contained(replaced, marker.getInput().getDefiningOp()))
        continue;
      // A marker on a float value (an input, or the result of an op that
      // stays float): quantize it here.
      Operation *owner = marker.getInput().getDefiningOp();
      FailureOr<quant::UniformQuantizedType> type =
          getMarkerType(marker, owner);
      if (failed(type))
        return failure();
      builder.setInsertionPoint(marker);
      auto tensor = cast<RankedTensorType>(marker.getType());
      quantized[marker.getResult()] = QuantizeOp::create(
          builder, marker.getLoc(),
          RankedTensorType::get(tensor.getShape(), *type), marker.getInput());
      continue;
    }
    if (isa<tosa::ConstOp, arith::ConstantOp, tosa::ConstShapeOp>(op))
      continue;
    if (succeeded(quantizeOp(op)))
      continue;
    keepFloat(op);
  }
  // The replaced ops and the markers now feed only each other.
  func.walk([&](CalibrateOp marker) {
    marker.replaceAllUsesWith(marker.getInput());
  });
  for (Operation *op : llvm::reverse(replaced)) {
    op->dropAllUses();
    op->erase();
  }
  func.walk([&](CalibrateOp marker) { marker.erase(); });
  // The float weights, biases and shapes the replaced ops read.
  for (Operation &op : llvm::make_early_inc_range(
           llvm::reverse(func.getBody().front())))
    if (isa<tosa::ConstOp, tosa::ConstShapeOp>(op) && op.use_empty())
      op.erase();
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// Report
//===----------------------------------------------------------------------===//

namespace {
/// The share of the histogram outside [min, max] and the SQNR of quantizing
/// the histogram's bin centres with `params`, weighted by their counts.
std::pair<double, double> measure(const qm::CalibrationStatistics &stats,
                                  qm::Range range, qm::QuantParams params,
                                  qm::StorageRange storage) {
  double width = stats.getBinWidth(), signal = 0, noise = 0, clipped = 0;
  auto visit = [&](double centre, int64_t count) {
    if (!count)
      return;
    if (centre < range.min || centre > range.max)
      clipped += count;
    double q = std::nearbyint(centre / params.scale) + params.zeroPoint;
    q = std::clamp(q, double(storage.qmin), double(storage.qmax));
    double back = params.scale * (q - params.zeroPoint);
    signal += count * centre * centre;
    noise += count * (centre - back) * (centre - back);
  };
  for (size_t i = 0; i < stats.positiveCounts.size(); ++i) {
    visit((i + 0.5) * width, stats.positiveCounts[i]);
    visit(-(i + 0.5) * width, stats.negativeCounts[i]);
  }
  double sqnr = noise > 0 ? 10 * std::log10(signal / noise)
                          : std::numeric_limits<double>::infinity();
  return {clipped / stats.count, sqnr};
}

std::string describeMarker(CalibrateOp marker) {
  if (std::optional<StringRef> name = marker.getName())
    return name->str();
  if (auto name = dyn_cast<NameLoc>(marker.getLoc()))
    return name.getName().str();
  std::string text;
  llvm::raw_string_ostream os(text);
  marker.getLoc().print(os);
  return text;
}

LogicalResult writeReport(ModuleOp module, StringRef path,
                          const QuantizeConfig &config,
                          StringRef methodName, double methodParam,
                          StringRef scheme, StringRef rounding) {
  auto file = OutputFile::open(path);
  if (!file)
    return module.emitError("cannot write the report: ")
           << llvm::toString(file.takeError());
  llvm::json::OStream json((*file)->os(), 1);
  json.objectBegin();
  json.attributeObject("options", [&] {
    json.attribute("method", methodName);
    if (methodParam >= 0)
      json.attribute("method_param", methodParam);
    else
      json.attribute("method_param", nullptr);
    json.attribute("activation_bits", config.activationBits);
    json.attribute("weight_bits", config.weightBits);
    json.attribute("scheme", scheme);
    json.attribute("per_channel", config.perChannel);
    json.attribute("rounding", rounding);
  });
  json.attributeArray("tensors", [&] {
    module.walk([&](CalibrateOp marker) {
      CalibrationStatsAttr attr = marker.getStatsAttr();
      if (!attr)
        return;
      qm::CalibrationStatistics stats = attr.getStatistics();
      Operation *owner = marker.getInput().getDefiningOp();
      unsigned bits = getBits(owner, kActivationBitsAttr,
                              config.activationBits);
      json.object([&] {
        json.attribute("name", describeMarker(marker));
        json.attribute("count", stats.count);
        json.attribute("min", stats.min);
        json.attribute("max", stats.max);
        json.attribute("mean", stats.mean);
        json.attribute("std", stats.stdDev);
        json.attributeObject("histogram", [&] {
          json.attribute("bins", static_cast<int64_t>(stats.getNumBins()));
          json.attribute("range", stats.histogramRange);
          json.attributeArray("positive", [&] {
            for (int64_t count : stats.positiveCounts)
              json.value(count);
          });
          json.attributeArray("negative", [&] {
            for (int64_t count : stats.negativeCounts)
              json.value(count);
          });
        });
        json.attribute("bits", bits);
        json.attribute("scheme", scheme);
        json.attribute("chosen", methodName);
        json.attributeObject("methods", [&] {
          for (unsigned m = 0; m <= static_cast<unsigned>(qm::RangeMethod::Mse);
               ++m) {
            auto method = static_cast<qm::RangeMethod>(m);
            qm::RangeOptions options = config.range;
            options.method = method;
            json.attributeObject(qm::getRangeMethodName(method), [&] {
              qm::Range range;
              qm::Status status = qm::computeRange(
                  stats, options, {bits, true, config.symmetric}, range);
              std::string reason;
              Storage storage =
                  getStorage(module.getContext(), bits, config.symmetric);
              FailureOr<qm::QuantParams> params =
                  status.isFailure()
                      ? FailureOr<qm::QuantParams>(failure())
                      : chooseParams(range, storage, config.symmetric, reason);
              if (status.isFailure() || failed(params)) {
                json.attribute("error", status.isFailure()
                                            ? status.getMessage()
                                            : reason);
                return;
              }
              auto [clipped, sqnr] =
                  measure(stats, range, *params, storage.range);
              json.attribute("min", range.min);
              json.attribute("max", range.max);
              json.attribute("scale", params->scale);
              json.attribute("zero_point", params->zeroPoint);
              json.attribute("clipped", clipped);
              if (std::isfinite(sqnr))
                json.attribute("sqnr_db", sqnr);
              else
                json.attribute("sqnr_db", nullptr);
            });
          }
        });
      });
    });
  });
  json.objectEnd();
  (*file)->os() << "\n";
  if (llvm::Error error = (*file)->commit())
    return module.emitError("cannot write the report: ")
           << llvm::toString(std::move(error));
  return success();
}
} // namespace

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {
struct QEdgeQuantizeCalibratedPass
    : public qedge::impl::QEdgeQuantizeCalibratedBase<
          QEdgeQuantizeCalibratedPass> {
  using Base::Base;

  FailureOr<QuantizeConfig> getConfig() {
    ModuleOp module = getOperation();
    QuantizeConfig config;
    std::optional<qm::RangeMethod> parsed = qm::parseRangeMethod(method);
    if (!parsed)
      return module.emitError("unknown method '")
                 << method
                 << "'; expected minmax, moving-average, mean-std, "
                    "percentile, entropy or mse",
             failure();
    config.range.method = *parsed;
    if (methodParam >= 0) {
      switch (*parsed) {
      case qm::RangeMethod::MovingAverage:
        config.range.averagingConstant = methodParam;
        break;
      case qm::RangeMethod::MeanStd:
        config.range.numStdDevs = methodParam;
        break;
      case qm::RangeMethod::Percentile:
        config.range.percentile = methodParam;
        break;
      default:
        return module.emitError("method '")
                   << method << "' takes no method-param",
               failure();
      }
    }
    for (unsigned bits : {unsigned(activationBits), unsigned(weightBits)})
      if (bits < qm::kMinStorageBits || bits > qm::kMaxStorageBits)
        return module.emitError("activation-bits and weight-bits must be in "
                                "[2, 16], got ")
                   << bits,
               failure();
    config.activationBits = activationBits;
    config.weightBits = weightBits;
    if (scheme != "symmetric" && scheme != "asymmetric")
      return module.emitError("unknown scheme '")
                 << scheme << "'; expected symmetric or asymmetric",
             failure();
    config.symmetric = scheme == "symmetric";
    config.perChannel = perChannel;
    std::optional<RoundingMode> mode = symbolizeRoundingMode(rounding);
    // qnnpack reproduces PyTorch's kernels on the ops it covers; a calibrated
    // network may hold others.
    if (!mode || *mode == RoundingMode::qnnpack)
      return module.emitError("unknown rounding '")
                 << rounding << "'; expected gemmlowp, rndnu or fp32",
             failure();
    config.rounding = *mode;
    return config;
  }

  void runOnOperation() override {
    FailureOr<QuantizeConfig> config = getConfig();
    if (failed(config))
      return signalPassFailure();
    ModuleOp module = getOperation();
    if (!report.empty() &&
        failed(writeReport(module, report, *config, method, methodParam,
                           scheme, rounding)))
      return signalPassFailure();
    for (auto func : llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
      if (!func.isExternal() &&
          failed(NetworkQuantizer(func, *config).run()))
        return signalPassFailure();
  }
};
} // namespace
