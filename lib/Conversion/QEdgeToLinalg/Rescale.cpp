//===- Rescale.cpp - qedge.rescale to linalg ------------------------------===//
//
// Part of quant-edge.
//
// A rescale becomes one elementwise linalg.generic whose body spells out the
// rounding scheme of docs/QuantizationSpec.md in arith ops. Everything that
// depends only on the channel (shift amounts, rounding offsets, the reduced
// 64-bit multiplier) is computed here, at compile time; channel-invariant
// values are constants in the body, per-channel ones 1-D constant tensors
// indexed by the last dimension.
//
//===----------------------------------------------------------------------===//

#include "qedge/Conversion/QEdgeToLinalg/QEdgeToLinalg.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"
#include "qedge/QuantMath/QuantMath.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qedge;

namespace {
/// One per-channel parameter of the rescale body: its type and its value for
/// every channel (one value when all channels share it).
struct ChannelParam {
  Type type;
  SmallVector<Attribute> values;

  bool isUniform() const {
    return llvm::all_equal(values);
  }
};

/// Builds the body's view of the per-channel parameters: scalar constants for
/// uniform ones, block arguments for the others.
class ChannelParams {
public:
  /// Adds a parameter; returns its index.
  unsigned add(Type type, ArrayRef<Attribute> values) {
    params.push_back({type, SmallVector<Attribute>(values)});
    return params.size() - 1;
  }
  unsigned addInts(Type type, ArrayRef<int64_t> values) {
    SmallVector<Attribute> attrs;
    for (int64_t v : values)
      attrs.push_back(IntegerAttr::get(type, v));
    return add(type, attrs);
  }

  /// The 1-D constant tensors of the non-uniform parameters, in order.
  SmallVector<Value> materializeTensors(OpBuilder &b, Location loc) {
    SmallVector<Value> tensors;
    for (ChannelParam &param : params) {
      if (param.isUniform())
        continue;
      auto type = RankedTensorType::get(
          {static_cast<int64_t>(param.values.size())}, param.type);
      tensors.push_back(arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(type, param.values)));
    }
    return tensors;
  }

  /// The value of parameter `index` inside the body, where the non-uniform
  /// parameters are `args` in order.
  Value get(OpBuilder &b, Location loc, unsigned index,
            ValueRange args) const {
    const ChannelParam &param = params[index];
    if (param.isUniform())
      return arith::ConstantOp::create(b, loc, cast<TypedAttr>(
                                                   param.values.front()));
    unsigned position = 0;
    for (unsigned i = 0; i < index; ++i)
      position += params[i].isUniform() ? 0 : 1;
    return args[position];
  }

private:
  SmallVector<ChannelParam> params;
};

/// Emits integer arithmetic in one type with less boilerplate.
struct IntBuilder {
  OpBuilder &b;
  Location loc;
  Type type;

  Value constant(int64_t v) {
    return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, v));
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubIOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulIOp::create(b, loc, x, y); }
  Value shl(Value x, Value y) { return arith::ShLIOp::create(b, loc, x, y); }
  Value ashr(Value x, Value y) { return arith::ShRSIOp::create(b, loc, x, y); }
  Value clamp(Value x, int64_t lo, int64_t hi) {
    x = arith::MaxSIOp::create(b, loc, x, constant(lo));
    return arith::MinSIOp::create(b, loc, x, constant(hi));
  }
  Value cmp(arith::CmpIPredicate predicate, Value x, Value y) {
    return arith::CmpIOp::create(b, loc, predicate, x, y);
  }
  Value select(Value c, Value x, Value y) {
    return arith::SelectOp::create(b, loc, c, x, y);
  }
  Value extend(Value x, bool isUnsigned) {
    if (x.getType() == type)
      return x;
    if (isUnsigned)
      return arith::ExtUIOp::create(b, loc, type, x);
    return arith::ExtSIOp::create(b, loc, type, x);
  }
};

constexpr int64_t kInt32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();

/// Lowers `qedge.rescale` (see the file comment).
struct RescaleToLinalg : public OpConversionPattern<RescaleOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(RescaleOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = inputType.getRank();
    int64_t channels = rank == 0 ? 1 : inputType.getShape().back();
    unsigned inputWidth = inputType.getElementType().getIntOrFloatBitWidth();
    Type i32 = rewriter.getI32Type(), i64 = rewriter.getI64Type();
    Type f32 = rewriter.getF32Type();

    // Broadcasts a one-value array to every channel.
    auto perChannel = [&](auto values) {
      using T = typename decltype(values)::value_type;
      SmallVector<T> result(values.begin(), values.end());
      if (result.size() == 1)
        result.assign(channels, result.front());
      return result;
    };

    ChannelParams params;
    RoundingMode mode = op.getRounding();
    bool wideInput = inputWidth == 64;
    // Parameter indices, by mode.
    unsigned pMultiplier = 0, pLeft = 0, pRight = 0, pMask = 0, pShift = 0,
             pRound = 0, pScale = 0;
    if (mode == RoundingMode::fp32) {
      SmallVector<Attribute> scales;
      for (float s : perChannel(op.getScaleAttr().asArrayRef()))
        scales.push_back(rewriter.getF32FloatAttr(s));
      pScale = params.add(f32, scales);
    } else {
      SmallVector<int32_t> multipliers =
          perChannel(op.getMultiplierAttr().asArrayRef());
      SmallVector<int32_t> exponents =
          perChannel(op.getShiftAttr().asArrayRef());
      SmallVector<int64_t> m, a, bArr, c;
      if (wideInput) {
        // TFLite's 64-bit routine: a 16-bit multiplier, one rounding.
        for (auto [m0, e] : llvm::zip(multipliers, exponents)) {
          int64_t reduced =
              m0 < 0x7FFF0000 ? (int64_t(m0) + (1 << 15)) >> 16 : 0x7FFF;
          int64_t totalShift = 15 - e;
          m.push_back(reduced);
          a.push_back(totalShift);
          bArr.push_back(int64_t(1) << (totalShift - 1));
        }
        pMultiplier = params.addInts(i64, m);
        pShift = params.addInts(i64, a);
        pRound = params.addInts(i64, bArr);
      } else if (mode == RoundingMode::gemmlowp) {
        for (auto [m0, e] : llvm::zip(multipliers, exponents)) {
          int64_t left = std::max<int64_t>(e, 0);
          int64_t right = std::max<int64_t>(-e, 0);
          m.push_back(m0);
          a.push_back(left);
          bArr.push_back(right);
          c.push_back((int64_t(1) << right) - 1);
        }
        pMultiplier = params.addInts(i64, m);
        pLeft = params.addInts(i64, a);
        pRight = params.addInts(i64, bArr);
        pMask = params.addInts(i64, c);
      } else {
        for (auto [m0, e] : llvm::zip(multipliers, exponents)) {
          m.push_back(m0);
          a.push_back(31 - e);
          bArr.push_back(int64_t(1) << (30 - e));
        }
        pMultiplier = params.addInts(i64, m);
        pShift = params.addInts(i64, a);
        pRound = params.addInts(i64, bArr);
      }
    }

    int64_t inputZp = op.getInputZp(), outputZp = op.getOutputZp();
    int64_t lo = op.getEffectiveClampMin(), hi = op.getEffectiveClampMax();
    bool inputUnsigned = op.getInputUnsigned();
    Type outputElement = resultType.getElementType();

    SmallVector<Value> inputs = {adaptor.getInput()};
    llvm::append_range(inputs, params.materializeTensors(rewriter, loc));
    MLIRContext *ctx = rewriter.getContext();
    SmallVector<AffineMap> maps(1, rewriter.getMultiDimIdentityMap(rank));
    AffineMap channelMap =
        rank == 0 ? AffineMap::get(0, 0, {getAffineConstantExpr(0, ctx)}, ctx)
                  : AffineMap::get(rank, 0, {getAffineDimExpr(rank - 1, ctx)},
                                   ctx);
    maps.append(inputs.size() - 1, channelMap);
    maps.push_back(rewriter.getMultiDimIdentityMap(rank));

    Value empty = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                          outputElement);
    auto body = [&](OpBuilder &b, Location loc, ValueRange args) {
      ValueRange channelArgs = args.drop_front().drop_back();
      auto param = [&](unsigned index) {
        return params.get(b, loc, index, channelArgs);
      };
      IntBuilder w32{b, loc, i32}, w64{b, loc, i64};
      Value x = args[0];
      Value result64;

      if (mode == RoundingMode::fp32) {
        // x - Z_in is exact in i32; its conversion to f32 rounds half to even.
        Value x32 = w32.sub(w32.extend(x, inputUnsigned), w32.constant(inputZp));
        Value f = arith::SIToFPOp::create(b, loc, f32, x32);
        f = arith::MulFOp::create(b, loc, f, param(pScale));
        // The float clamp only keeps the conversion defined: its bounds are
        // rounded outward, and the exact integer clamp below decides.
        auto fconst = [&](int64_t v, bool up) {
          float f = static_cast<float>(v);
          double exact = static_cast<double>(v);
          if (up ? static_cast<double>(f) < exact : static_cast<double>(f) > exact)
            f = std::nextafter(f, up ? INFINITY : -INFINITY);
          return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(f));
        };
        f = arith::MaximumFOp::create(b, loc, f,
                                      fconst(lo - outputZp, /*up=*/false));
        f = arith::MinimumFOp::create(b, loc, f,
                                      fconst(hi - outputZp, /*up=*/true));
        f = math::RoundEvenOp::create(b, loc, f);
        result64 = arith::FPToSIOp::create(b, loc, i64, f);
      } else if (wideInput) {
        // Clamping to ±2^47 keeps x * reduced (< 2^62) exact in 64 bits.
        Value x64 = w64.clamp(x, -(int64_t(1) << 47), (int64_t(1) << 47) - 1);
        Value scaled = w64.ashr(
            w64.add(w64.mul(x64, param(pMultiplier)), param(pRound)),
            param(pShift));
        result64 = w64.clamp(scaled, kInt32Min, kInt32Max);
      } else {
        Value x32 = w32.sub(w32.extend(x, inputUnsigned), w32.constant(inputZp));
        Value x64 = w64.extend(x32, /*isUnsigned=*/false);
        if (mode == RoundingMode::rndnu) {
          // |x * M0| < 2^62: one exact 64-bit product, one rounding.
          Value scaled = w64.ashr(
              w64.add(w64.mul(x64, param(pMultiplier)), param(pRound)),
              param(pShift));
          result64 = w64.clamp(scaled, kInt32Min, kInt32Max);
        } else {
          // Saturating left shift, then SRDHM (nudge, truncating division),
          // then RDBPOT (ties away from zero), as gemmlowp's fixedpoint.h.
          Value a = w64.clamp(w64.shl(x64, param(pLeft)), kInt32Min,
                              kInt32Max);
          Value ab = w64.mul(a, param(pMultiplier));
          Value nonNegative =
              w64.cmp(arith::CmpIPredicate::sge, ab, w64.constant(0));
          Value nudge = w64.select(nonNegative, w64.constant(1 << 30),
                                   w64.constant(1 - (1 << 30)));
          Value high = arith::DivSIOp::create(
              b, loc, w64.add(ab, nudge), w64.constant(int64_t(1) << 31));
          Value mask = param(pMask);
          Value remainder = arith::AndIOp::create(b, loc, high, mask);
          Value negative =
              w64.cmp(arith::CmpIPredicate::slt, high, w64.constant(0));
          Value threshold =
              w64.add(w64.ashr(mask, w64.constant(1)),
                      w64.select(negative, w64.constant(1), w64.constant(0)));
          Value roundUp =
              w64.cmp(arith::CmpIPredicate::sgt, remainder, threshold);
          result64 = w64.add(w64.ashr(high, param(pRight)),
                             w64.select(roundUp, w64.constant(1),
                                        w64.constant(0)));
        }
      }

      Value y = w64.clamp(w64.add(result64, w64.constant(outputZp)), lo, hi);
      if (outputElement != i64)
        y = arith::TruncIOp::create(b, loc, outputElement, y);
      linalg::YieldOp::create(b, loc, y);
    };

    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, inputs, ValueRange{empty}, maps,
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        body);
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }
};
} // namespace

void mlir::qedge::populateQEdgeRescaleToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<RescaleToLinalg>(patterns.getContext());
}
