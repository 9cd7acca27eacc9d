//===- RescaleEmitter.cpp - The arithmetic of qedge.rescale ---------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Conversion/RescaleEmitter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/TypeUtilities.h"
#include "qedge/QuantMath/QuantMath.h"

#include <limits>

using namespace mlir;
using namespace mlir::qedge;

namespace {
constexpr int64_t kInt32Min = std::numeric_limits<int32_t>::min();
constexpr int64_t kInt32Max = std::numeric_limits<int32_t>::max();

/// Integer arithmetic in one element type, on scalars or on vectors of the
/// shape of `like` (constants become splats).
struct IntBuilder {
  OpBuilder &b;
  Location loc;
  Type type;

  IntBuilder(OpBuilder &b, Location loc, Type element, Type like)
      : b(b), loc(loc), type(element) {
    if (auto vector = dyn_cast<VectorType>(like))
      type = vector.clone(element);
  }

  Value constant(int64_t v) {
    Type element = getElementTypeOrSelf(type);
    auto attr = b.getIntegerAttr(element, v);
    if (auto vector = dyn_cast<VectorType>(type))
      return arith::ConstantOp::create(b, loc,
                                       DenseElementsAttr::get(vector, attr));
    return arith::ConstantOp::create(b, loc, attr);
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

/// Saturating left shift, then SRDHM (nudge, truncating division), then
/// RDBPOT (ties away from zero), as gemmlowp's fixedpoint.h; `x` is the i32
/// input minus its zero point (spec section 6.1).
Value emitGemmlowp(OpBuilder &b, Location loc, IntBuilder &w64, Value x,
                   function_ref<Value(RescaleParam)> param) {
  Value x64 = w64.extend(x, /*isUnsigned=*/false);
  Value a = w64.clamp(w64.shl(x64, param(RescaleParam::leftShift)), kInt32Min,
                      kInt32Max);
  Value ab = w64.mul(a, param(RescaleParam::multiplier));
  Value nonNegative = w64.cmp(arith::CmpIPredicate::sge, ab, w64.constant(0));
  Value nudge = w64.select(nonNegative, w64.constant(1 << 30),
                           w64.constant(1 - (1 << 30)));
  Value high = arith::DivSIOp::create(b, loc, w64.add(ab, nudge),
                                      w64.constant(int64_t(1) << 31));
  Value mask = param(RescaleParam::remainderMask);
  Value remainder = arith::AndIOp::create(b, loc, high, mask);
  Value negative = w64.cmp(arith::CmpIPredicate::slt, high, w64.constant(0));
  Value threshold =
      w64.add(w64.ashr(mask, w64.constant(1)),
              w64.select(negative, w64.constant(1), w64.constant(0)));
  Value roundUp = w64.cmp(arith::CmpIPredicate::sgt, remainder, threshold);
  return w64.add(w64.ashr(high, param(RescaleParam::rightShift)),
                 w64.select(roundUp, w64.constant(1), w64.constant(0)));
}

/// One rounding, ties toward +infinity:
/// sat32((x * multiplier + rounding) >> rightShift) in 64 bits.
Value emitSingleRounding(IntBuilder &w64, Value x64,
                         function_ref<Value(RescaleParam)> param) {
  Value scaled = w64.ashr(w64.add(w64.mul(x64, param(RescaleParam::multiplier)),
                                  param(RescaleParam::rounding)),
                          param(RescaleParam::rightShift));
  return w64.clamp(scaled, kInt32Min, kInt32Max);
}

/// x converted to f32 (round half to even), multiplied, clamped in float,
/// rounded half to even (spec section 6.3); `x` is the i32 input minus its
/// zero point.
Value emitFp32(OpBuilder &b, Location loc, const RescaleParams &params,
               IntBuilder &w64, Value x,
               function_ref<Value(RescaleParam)> param) {
  Type f32 = b.getF32Type();
  if (auto vector = dyn_cast<VectorType>(x.getType()))
    f32 = vector.clone(f32);
  auto constant = [&](float value) -> Value {
    auto attr = b.getF32FloatAttr(value);
    if (auto vector = dyn_cast<VectorType>(f32))
      return arith::ConstantOp::create(b, loc,
                                       DenseElementsAttr::get(vector, attr));
    return arith::ConstantOp::create(b, loc, attr);
  };
  Value f = arith::SIToFPOp::create(b, loc, f32, x);
  f = arith::MulFOp::create(b, loc, f, param(RescaleParam::scale));
  // The float clamp only keeps the conversion defined: its bounds are
  // rounded outward, and the exact integer clamp after it decides.
  quantmath::Fp32ClampBounds bounds = quantmath::getFp32ClampBounds(
      params.outputZp, params.clampMin, params.clampMax);
  f = arith::MaximumFOp::create(b, loc, f, constant(bounds.lo));
  f = arith::MinimumFOp::create(b, loc, f, constant(bounds.hi));
  f = math::RoundEvenOp::create(b, loc, f);
  return arith::FPToSIOp::create(b, loc, w64.type, f);
}
} // namespace

RescaleScheme mlir::qedge::getRescaleScheme(const RescaleParams &params,
                                            unsigned inputWidth) {
  if (params.mode == RoundingMode::fp32)
    return RescaleScheme::fp32;
  if (inputWidth == 64)
    return RescaleScheme::int64;
  return params.mode == RoundingMode::gemmlowp ? RescaleScheme::gemmlowp
                                               : RescaleScheme::singleRounding;
}

ArrayRef<RescaleParam> mlir::qedge::getSchemeParams(RescaleScheme scheme) {
  static constexpr RescaleParam kGemmlowp[] = {
      RescaleParam::multiplier, RescaleParam::leftShift,
      RescaleParam::rightShift, RescaleParam::remainderMask};
  static constexpr RescaleParam kSingle[] = {RescaleParam::multiplier,
                                             RescaleParam::rightShift,
                                             RescaleParam::rounding};
  static constexpr RescaleParam kFp32[] = {RescaleParam::scale};
  switch (scheme) {
  case RescaleScheme::gemmlowp:
    return kGemmlowp;
  case RescaleScheme::singleRounding:
  case RescaleScheme::int64:
    return kSingle;
  case RescaleScheme::fp32:
    return kFp32;
  }
  llvm_unreachable("unknown rescale scheme");
}

std::variant<int64_t, float>
mlir::qedge::getChannelParam(const RescaleParams &params, RescaleScheme scheme,
                             RescaleParam param, int64_t channel) {
  auto pick = [&](const auto &values) {
    // Empty arrays are valid for an empty last dimension: the value is
    // never used, but its constant needs one.
    using T = typename std::decay_t<decltype(values)>::value_type;
    if (values.empty())
      return T(0);
    return values[std::min<int64_t>(channel, values.size() - 1)];
  };
  if (scheme == RescaleScheme::fp32)
    return pick(params.scales);
  quantmath::FixedPointMultiplier m{pick(params.multipliers),
                                    pick(params.shifts)};
  int64_t multiplier = m.multiplier, rightShift;
  if (scheme == RescaleScheme::gemmlowp) {
    rightShift = std::max<int64_t>(-m.shift, 0);
    switch (param) {
    case RescaleParam::multiplier:
      return multiplier;
    case RescaleParam::leftShift:
      return std::max<int64_t>(m.shift, 0);
    case RescaleParam::rightShift:
      return rightShift;
    case RescaleParam::remainderMask:
      return (int64_t(1) << rightShift) - 1;
    default:
      llvm_unreachable("not a gemmlowp parameter");
    }
  }
  if (scheme == RescaleScheme::int64) {
    quantmath::Int64Multiplier reduced = quantmath::getInt64Multiplier(m);
    multiplier = reduced.multiplier;
    rightShift = reduced.rightShift;
  } else {
    rightShift = 31 - m.shift;
  }
  switch (param) {
  case RescaleParam::multiplier:
    return multiplier;
  case RescaleParam::rightShift:
    return rightShift;
  case RescaleParam::rounding:
    return int64_t(1) << (rightShift - 1);
  default:
    llvm_unreachable("not a single-rounding parameter");
  }
}

bool mlir::qedge::isUniformParam(const RescaleParams &params,
                                 RescaleScheme scheme, RescaleParam param) {
  int64_t channels =
      std::max<int64_t>({static_cast<int64_t>(params.multipliers.size()),
                         static_cast<int64_t>(params.scales.size()), 1});
  auto first = getChannelParam(params, scheme, param, 0);
  for (int64_t c = 1; c < channels; ++c)
    if (getChannelParam(params, scheme, param, c) != first)
      return false;
  return true;
}

Value mlir::qedge::emitRescale(OpBuilder &b, Location loc,
                               const RescaleParams &params, Value x,
                               Type resultElement,
                               function_ref<Value(RescaleParam)> getParam) {
  Type like = x.getType();
  unsigned inputWidth = getElementTypeOrSelf(like).getIntOrFloatBitWidth();
  IntBuilder w32(b, loc, b.getI32Type(), like);
  IntBuilder w64(b, loc, b.getI64Type(), like);
  RescaleScheme scheme = getRescaleScheme(params, inputWidth);
  // x - Z_in is exact in i32 (Z_in is 0 for accumulators).
  if (scheme != RescaleScheme::int64)
    x = w32.sub(w32.extend(x, params.inputUnsigned),
                w32.constant(params.inputZp));
  Value scaled;
  switch (scheme) {
  case RescaleScheme::gemmlowp:
    scaled = emitGemmlowp(b, loc, w64, x, getParam);
    break;
  case RescaleScheme::singleRounding:
    // |x * M0| < 2^62: one exact 64-bit product.
    scaled =
        emitSingleRounding(w64, w64.extend(x, /*isUnsigned=*/false), getParam);
    break;
  case RescaleScheme::int64:
    // Clamped to TFLite's stated input range, x times the Q15 multiplier
    // stays exact in 64 bits.
    scaled = emitSingleRounding(
        w64, w64.clamp(x, quantmath::kMinInt64Input, quantmath::kMaxInt64Input),
        getParam);
    break;
  case RescaleScheme::fp32:
    scaled = emitFp32(b, loc, params, w64, x, getParam);
    break;
  }
  Value y = w64.clamp(w64.add(scaled, w64.constant(params.outputZp)),
                      params.clampMin, params.clampMax);
  Type resultType = resultElement;
  if (auto vector = dyn_cast<VectorType>(like))
    resultType = vector.clone(resultElement);
  if (resultType != y.getType())
    y = arith::TruncIOp::create(b, loc, resultType, y);
  return y;
}
