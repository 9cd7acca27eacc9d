//===- RescaleEmitter.cpp - The arithmetic of qedge.rescale ---------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Conversion/RescaleEmitter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/STLExtras.h"
#include "qedge/QuantMath/QuantMath.h"

#include <cmath>
#include <cstdlib>
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

/// Whether `v` is a constant zero (scalar or splat).
bool isZero(Value v) { return matchPattern(v, m_Zero()); }

/// The N i64 products of the even lanes of two vector<2N x i32>, each
/// operand's low halves sign-extended in place next to the multiply, which
/// LLVM then selects as vpmuldq (a sign extension hoisted out of a loop
/// hides it, and LLVM falls back to vpmullq).
Value mulEvenLanes(OpBuilder &b, Location loc, Value x, Value y) {
  auto type = cast<VectorType>(x.getType());
  auto wideType = VectorType::get({type.getNumElements() / 2}, b.getI64Type());
  IntBuilder w64(b, loc, b.getI64Type(), wideType);
  Value c32 = w64.constant(32);
  auto low = [&](Value v) {
    Value v64 = vector::BitCastOp::create(b, loc, wideType, v);
    return w64.ashr(w64.shl(v64, c32), c32);
  };
  return w64.mul(low(x), low(y));
}

/// SRDHM's (a * M0 + 2^30) >> 31 on a vector<2N x i32> as two N-lane products
/// of i64 lanes: the even lanes are the low halves of the i64 lanes
/// (sign-extended in place), the odd lanes their high halves (an arithmetic
/// shift by 32). The even result is bits 31..62 of its sum, the low half of
/// a shift right by 31; the odd result the same bits moved to the high half by
/// a shift left by 1; a lane select joins them. x86 multiplies each half with
/// one vpmuldq, where sign-extending all 2N lanes to i64 splits, widens and
/// narrows both operands.
Value emitEvenOddSrdhm(OpBuilder &b, Location loc, Value a, Value multiplier) {
  auto type = cast<VectorType>(a.getType());
  int64_t lanes = type.getNumElements();
  auto wideType = VectorType::get({lanes / 2}, b.getI64Type());
  IntBuilder w64(b, loc, b.getI64Type(), wideType);
  Value a64 = vector::BitCastOp::create(b, loc, wideType, a);
  Value m64 = vector::BitCastOp::create(b, loc, wideType, multiplier);
  Value c32 = w64.constant(32);
  Value nudge = w64.constant(int64_t(1) << 30);
  Value even = w64.add(mulEvenLanes(b, loc, a, multiplier), nudge);
  Value odd = w64.add(w64.mul(w64.ashr(a64, c32), w64.ashr(m64, c32)), nudge);
  Value evenHigh = vector::BitCastOp::create(
      b, loc, type,
      arith::ShRUIOp::create(b, loc, even, w64.constant(31)).getResult());
  Value oddHigh = vector::BitCastOp::create(b, loc, type,
                                            w64.shl(odd, w64.constant(1)));
  SmallVector<bool> isEven;
  for (int64_t i = 0; i < lanes; ++i)
    isEven.push_back(i % 2 == 0);
  Value mask = arith::ConstantOp::create(
      b, loc,
      DenseElementsAttr::get(VectorType::get({lanes}, b.getI1Type()),
                             ArrayRef<bool>(isEven)));
  return arith::SelectOp::create(b, loc, mask, evenHigh, oddHigh);
}

/// SRDHM then RDBPOT on a vector<2N x i32> as one rounding of the 64-bit
/// product P = a * M0, each half of the lanes as N i64 lanes: the even lanes,
/// then the odd ones moved to even positions (mulEvenLanes). With
/// h = (P + 2^30) >> 31 and e > 0, RDBPOT(h, e) = (h + 2^(e-1) - [h < 0]) >>
/// e, and two floor divisions by powers of two are one:
///   (P + 2^30 + 2^(30+e) - [P < -2^30] * 2^31) >> (31 + e),
/// as h < 0 exactly where P + 2^30 < 0; for e = 0, (P + 2^30) >> 31. |P| <=
/// 2^62 keeps the sum within i64, and the result is RDBPOT's, an i32. A
/// compare, a masked add and a per-lane shift (AVX-512's vpcmpq, vpaddq and
/// vpsravq) replace SRDHM's narrowing and RDBPOT's five steps.
Value emitEvenOddGemmlowp(OpBuilder &b, Location loc, Value a,
                          Value multiplier, Value rightShift) {
  auto type = cast<VectorType>(a.getType());
  int64_t lanes = type.getNumElements();
  auto wideType = VectorType::get({lanes / 2}, b.getI64Type());
  IntBuilder w64(b, loc, b.getI64Type(), wideType);
  SmallVector<int64_t> oddToEven;
  for (int64_t i = 0; i < lanes; ++i)
    oddToEven.push_back(i | 1);
  auto odd = [&](Value v) {
    return vector::ShuffleOp::create(b, loc, v, v, oddToEven).getResult();
  };
  // e in [0, 31]: the low half of an i64 lane, or its high half.
  Value e64 = vector::BitCastOp::create(b, loc, wideType, rightShift);
  Value c32 = w64.constant(32);
  Value eEven = arith::AndIOp::create(b, loc, e64,
                                      w64.constant(0xffffffff));
  Value eOdd = arith::ShRUIOp::create(b, loc, e64, c32);
  Value zero = w64.constant(0);
  Value nudge = w64.constant(int64_t(1) << 30);
  auto round = [&](Value product, Value e) {
    Value shifts = w64.cmp(arith::CmpIPredicate::ne, e, zero);
    Value addend =
        w64.add(nudge, w64.select(shifts, w64.shl(nudge, e), zero));
    Value correction = w64.select(shifts, w64.constant(-(int64_t(1) << 31)),
                                  zero);
    Value negative = w64.cmp(arith::CmpIPredicate::slt, product,
                             w64.constant(-(int64_t(1) << 30)));
    Value sum = w64.add(product, addend);
    sum = w64.select(negative, w64.add(sum, correction), sum);
    return vector::BitCastOp::create(
               b, loc, type, w64.ashr(sum, w64.add(e, w64.constant(31))))
        .getResult();
  };
  Value even = round(mulEvenLanes(b, loc, a, multiplier), eEven);
  Value oddResult =
      round(mulEvenLanes(b, loc, odd(a), odd(multiplier)), eOdd);
  // The low half of each i64 lane: lane 2i of `even`, then of `oddResult`.
  SmallVector<int64_t> mask;
  for (int64_t i = 0; i < lanes / 2; ++i) {
    mask.push_back(2 * i);
    mask.push_back(lanes + 2 * i);
  }
  return vector::ShuffleOp::create(b, loc, even, oddResult, mask);
}

/// Saturating left shift, then SRDHM, then RDBPOT (ties away from zero), as
/// gemmlowp's fixedpoint.h (spec section 6.1); `x` is the i32 input minus its
/// zero point. SRDHM's nudge and truncating division by 2^31 are one
/// rounding, ties toward +infinity: (a * M0 + 2^30) >> 31 for either sign of
/// the product (for a negative product the truncation rounds up, which the
/// nudge 1 - 2^30 turns into the same floor). M0 >= 0, so the product never
/// saturates and the result fits in 32 bits.
Value emitGemmlowp(OpBuilder &b, Location loc, IntBuilder &w32,
                   IntBuilder &w64, Value x,
                   function_ref<Value(RescaleParam)> param,
                   bool evenOddProducts, bool wideShifts) {
  Value left = param(RescaleParam::leftShift);
  Value a = x;
  if (!isZero(left)) {
    Value shifted = w64.shl(w64.extend(x, /*isUnsigned=*/false),
                            w64.extend(left, /*isUnsigned=*/false));
    a = arith::TruncIOp::create(b, loc, w32.type,
                                w64.clamp(shifted, kInt32Min, kInt32Max));
  }
  Value high;
  auto vector = dyn_cast<VectorType>(a.getType());
  bool evenOdd = evenOddProducts && vector && vector.getRank() == 1 &&
                 vector.getNumElements() % 2 == 0;
  if (evenOdd && wideShifts)
    return emitEvenOddGemmlowp(b, loc, a, param(RescaleParam::multiplier),
                               param(RescaleParam::rightShift));
  if (evenOdd) {
    high = emitEvenOddSrdhm(b, loc, a, param(RescaleParam::multiplier));
  } else {
    Value product = w64.mul(
        w64.extend(a, /*isUnsigned=*/false),
        w64.extend(param(RescaleParam::multiplier), /*isUnsigned=*/false));
    high = arith::TruncIOp::create(
        b, loc, w32.type,
        w64.ashr(w64.add(product, w64.constant(int64_t(1) << 30)),
                 w64.constant(31)));
  }
  Value mask = param(RescaleParam::remainderMask);
  Value remainder = arith::AndIOp::create(b, loc, high, mask);
  // threshold = mask / 2, plus one for a negative value (high >> 31 is -1).
  Value threshold = w32.sub(w32.ashr(mask, w32.constant(1)),
                            w32.ashr(high, w32.constant(31)));
  Value roundUp = w32.cmp(arith::CmpIPredicate::sgt, remainder, threshold);
  return w32.add(w32.ashr(high, param(RescaleParam::rightShift)),
                 arith::ExtUIOp::create(b, loc, w32.type, roundUp));
}

constexpr StringRef kSqshl = "llvm.aarch64.neon.sqshl.v4i32";
constexpr StringRef kSqrdmulh = "llvm.aarch64.neon.sqrdmulh.v4i32";
constexpr StringRef kSqadd = "llvm.aarch64.neon.sqadd.v4i32";
constexpr StringRef kSrshl = "llvm.aarch64.neon.srshl.v4i32";
constexpr StringRef kSqxtn32 = "llvm.aarch64.neon.sqxtn.v4i16";
constexpr StringRef kSqadd16 = "llvm.aarch64.neon.sqadd.v8i16";
constexpr StringRef kSqxtn16 = "llvm.aarch64.neon.sqxtn.v8i8";
constexpr StringRef kSqxtun16 = "llvm.aarch64.neon.sqxtun.v8i8";

/// emitGemmlowp's three steps as NEON computes them, each exactly:
/// - the saturating left shift is sqshl;
/// - SRDHM is sqrdmulh, (2 a M0 + 2^31) >> 32 saturated, which saturates
///   only for a = M0 = INT32_MIN (M0 >= 0 here);
/// - RDBPOT rounds ties away from zero where srshl by -e rounds them up:
///   adding -1 to a negative value first, saturating (sqadd), moves its ties
///   down and changes no other result, as x - 1 and x round alike unless x
///   is a tie (INT32_MIN, where the add saturates, is a multiple of 2^e).
///   x & -e has the sign bit of x where e > 0 and is 0 where e = 0, so its
///   arithmetic shift by 31 is that -1 or 0. Where every channel shifts
///   (`shiftsRight`), that is the sign of x alone.
Value emitNeonGemmlowp(IntBuilder &w32, Value x,
                       function_ref<Value(RescaleParam)> param,
                       function_ref<Value(StringRef, Type, ValueRange)> call,
                       bool shiftsRight) {
  Type type = x.getType();
  Value left = param(RescaleParam::leftShift);
  Value a = isZero(left) ? x : call(kSqshl, type, {x, left});
  Value high = call(kSqrdmulh, type, {a, param(RescaleParam::multiplier)});
  Value right = param(RescaleParam::rightShift);
  if (isZero(right))
    return high;
  Value shift = w32.sub(w32.constant(0), right);
  Value sign = shiftsRight
                   ? high
                   : arith::AndIOp::create(w32.b, w32.loc, high, shift);
  Value fixed = call(kSqadd, type, {high, w32.ashr(sign, w32.constant(31))});
  return call(kSrshl, type, {fixed, shift});
}

/// Whether gemmlowp's RDBPOT shifts every channel of `params` right.
bool shiftsEveryChannelRight(const RescaleParams &params) {
  int64_t channels = std::max<int64_t>(params.multipliers.size(), 1);
  for (int64_t c = 0; c < channels; ++c)
    if (std::get<int64_t>(getChannelParam(params, RescaleScheme::gemmlowp,
                                          RescaleParam::rightShift, c)) == 0)
      return false;
  return true;
}

/// One rounding, ties toward +infinity:
/// sat32((x * multiplier + rounding) >> rightShift) in 64 bits, as i32.
Value emitSingleRounding(OpBuilder &b, Location loc, IntBuilder &w32,
                         IntBuilder &w64, Value x64,
                         function_ref<Value(RescaleParam)> param) {
  Value multiplier =
      w64.extend(param(RescaleParam::multiplier), /*isUnsigned=*/false);
  Value scaled = w64.ashr(
      w64.add(w64.mul(x64, multiplier), param(RescaleParam::rounding)),
      param(RescaleParam::rightShift));
  return arith::TruncIOp::create(b, loc, w32.type,
                                 w64.clamp(scaled, kInt32Min, kInt32Max));
}

/// Whether fl32(fl32(x) * scale) is within the i32 range for every i32 `x`
/// and every scale of `params`: |fl32(x)| <= 2^31 and |scale| < 1 (NaN
/// fails) keep the product at most 2^31 - 128, the float32 below 2^31, in
/// magnitude.
bool isFp32ProductInI32Range(const RescaleParams &params) {
  return llvm::all_of(params.scales,
                      [](float scale) { return std::fabs(scale) < 1.0f; });
}

/// Whether fp32's result stays 32-bit: its clamp bounds, rounded outward,
/// are inside the i32 range (else it converts to i64).
bool isFp32ResultI32(const RescaleParams &params) {
  quantmath::Fp32ClampBounds bounds = quantmath::getFp32ClampBounds(
      params.outputZp, params.clampMin, params.clampMax);
  return bounds.lo >= -2147483648.0f && bounds.hi <= 2147483520.0f;
}

/// x converted to f32 (round half to even), multiplied, clamped in float,
/// rounded half to even (spec section 6.3); `x` is the i32 input minus its
/// zero point. `toI32`, where given, rounds and converts in one step.
Value emitFp32(OpBuilder &b, Location loc, const RescaleParams &params,
               IntBuilder &w32, IntBuilder &w64, Value x,
               function_ref<Value(RescaleParam)> param,
               function_ref<Value(Value)> toI32) {
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
  // rounded outward, and the exact integer clamp after it decides. A
  // product that cannot leave the i32 range needs none.
  if (toI32 && isFp32ProductInI32Range(params))
    return toI32(f);
  quantmath::Fp32ClampBounds bounds = quantmath::getFp32ClampBounds(
      params.outputZp, params.clampMin, params.clampMax);
  f = arith::MaximumFOp::create(b, loc, f, constant(bounds.lo));
  f = arith::MinimumFOp::create(b, loc, f, constant(bounds.hi));
  bool fits32 = isFp32ResultI32(params);
  if (toI32 && fits32)
    return toI32(f);
  f = math::RoundEvenOp::create(b, loc, f);
  return arith::FPToSIOp::create(b, loc, fits32 ? w32.type : w64.type, f);
}
} // namespace

ArrayRef<StringRef> mlir::qedge::getNeonRescaleIntrinsics() {
  static const StringRef names[] = {kSqshl,   kSqrdmulh, kSqadd,  kSrshl,
                                    kSqxtn32, kSqadd16,  kSqxtn16, kSqxtun16};
  return names;
}

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

Type mlir::qedge::getParamType(Builder &b, RescaleScheme scheme,
                               RescaleParam param) {
  if (param == RescaleParam::scale)
    return b.getF32Type();
  if (scheme == RescaleScheme::gemmlowp ||
      (scheme == RescaleScheme::singleRounding &&
       param == RescaleParam::multiplier))
    return b.getI32Type();
  return b.getI64Type();
}

TypedAttr mlir::qedge::getChannelParamAttr(Builder &b,
                                           const RescaleParams &params,
                                           RescaleScheme scheme,
                                           RescaleParam param,
                                           int64_t channel) {
  auto value = getChannelParam(params, scheme, param, channel);
  if (auto *integer = std::get_if<int64_t>(&value))
    return b.getIntegerAttr(getParamType(b, scheme, param), *integer);
  return b.getF32FloatAttr(std::get<float>(value));
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

namespace {
/// The rescale of `x` up to the scheme's result, before the output zero point
/// and the clamp: i32 values, or i64 where the scheme needs them.
Value emitScaled(OpBuilder &b, Location loc, const RescaleParams &params,
                 IntBuilder &w32, IntBuilder &w64, Value x,
                 function_ref<Value(RescaleParam)> getParam,
                 const RescaleVectorOps &vectorOps) {
  unsigned inputWidth =
      getElementTypeOrSelf(x.getType()).getIntOrFloatBitWidth();
  RescaleScheme scheme = getRescaleScheme(params, inputWidth);
  // x - Z_in is exact in i32 (Z_in is 0 for accumulators).
  if (scheme != RescaleScheme::int64)
    x = w32.sub(w32.extend(x, params.inputUnsigned),
                w32.constant(params.inputZp));
  switch (scheme) {
  case RescaleScheme::gemmlowp: {
    auto vector = dyn_cast<VectorType>(x.getType());
    if (vectorOps.neonIntrinsic && vector &&
        vector.getShape() == ArrayRef<int64_t>{4})
      return emitNeonGemmlowp(w32, x, getParam, vectorOps.neonIntrinsic,
                              shiftsEveryChannelRight(params));
    return emitGemmlowp(b, loc, w32, w64, x, getParam,
                        vectorOps.evenOddProducts, vectorOps.wideShifts);
  }
  case RescaleScheme::singleRounding:
    // |x * M0| < 2^62: one exact 64-bit product.
    return emitSingleRounding(b, loc, w32, w64,
                              w64.extend(x, /*isUnsigned=*/false), getParam);
  case RescaleScheme::int64:
    // Clamped to TFLite's stated input range, x times the Q15 multiplier
    // stays exact in 64 bits.
    return emitSingleRounding(
        b, loc, w32, w64,
        w64.clamp(x, quantmath::kMinInt64Input, quantmath::kMaxInt64Input),
        getParam);
  case RescaleScheme::fp32:
    return emitFp32(b, loc, params, w32, w64, x, getParam,
                    vectorOps.fp32ToI32);
  }
  llvm_unreachable("unknown rescale scheme");
}

/// Whether emitRescaleConcat narrows `xs` with NEON's saturating narrows:
/// vector<4xi32> accumulators to int8, in pairs.
bool narrowsWithNeon(const RescaleParams &params, ArrayRef<Value> xs,
                     Type resultElement, const RescaleVectorOps &vectorOps) {
  // A zero point of at most 32640 keeps a saturated sum past the int8
  // bounds, and int8 or uint8 bounds are what the last narrow saturates to.
  bool int8Bounds = params.clampMin >= -128 && params.clampMax <= 127;
  bool uint8Bounds = params.clampMin >= 0 && params.clampMax <= 255;
  if (!vectorOps.neonIntrinsic || xs.empty() ||
      !resultElement.isInteger(8) || std::abs(params.outputZp) > 32640 ||
      !(int8Bounds || uint8Bounds))
    return false;
  auto type = VectorType::get(
      {4}, IntegerType::get(resultElement.getContext(), 32));
  if (!llvm::all_of(xs, [&](Value x) { return x.getType() == type; }))
    return false;
  return params.mode != RoundingMode::fp32 || isFp32ResultI32(params);
}
} // namespace

Value mlir::qedge::emitRescale(OpBuilder &b, Location loc,
                               const RescaleParams &params, Value x,
                               Type resultElement,
                               function_ref<Value(RescaleParam)> getParam,
                               const RescaleVectorOps &vectorOps) {
  Type like = x.getType();
  IntBuilder w32(b, loc, b.getI32Type(), like);
  IntBuilder w64(b, loc, b.getI64Type(), like);
  Value scaled = emitScaled(b, loc, params, w32, w64, x, getParam, vectorOps);
  // clamp(scaled + Z, lo, hi) as clamp(scaled, lo - Z, hi - Z) + Z: the same
  // value, in 32 bits where the shifted bounds fit (an i32 result with a zero
  // point may need 64).
  int64_t lo = params.clampMin - params.outputZp;
  int64_t hi = params.clampMax - params.outputZp;
  Value y;
  if (lo >= kInt32Min && hi <= kInt32Max &&
      getElementTypeOrSelf(scaled.getType()).isInteger(32)) {
    y = w32.add(w32.clamp(scaled, lo, hi), w32.constant(params.outputZp));
  } else {
    y = w64.clamp(w64.add(w64.extend(scaled, /*isUnsigned=*/false),
                          w64.constant(params.outputZp)),
                  params.clampMin, params.clampMax);
  }
  Type resultType = resultElement;
  if (auto vector = dyn_cast<VectorType>(like))
    resultType = vector.clone(resultElement);
  if (resultType != y.getType())
    y = arith::TruncIOp::create(b, loc, resultType, y);
  return y;
}

Value mlir::qedge::emitRescaleConcat(
    OpBuilder &b, Location loc, const RescaleParams &params, ValueRange xs,
    Type resultElement,
    function_ref<Value(unsigned, RescaleParam)> getParam,
    const RescaleVectorOps &vectorOps) {
  auto concat = [&](ArrayRef<Value> parts) {
    Value joined = parts.front();
    for (Value part : parts.drop_front()) {
      int64_t n = cast<VectorType>(joined.getType()).getNumElements() +
                  cast<VectorType>(part.getType()).getNumElements();
      joined = vector::ShuffleOp::create(
          b, loc, joined, part, llvm::to_vector(llvm::seq<int64_t>(0, n)));
    }
    return joined;
  };
  SmallVector<Value> xsList(xs);
  if (!narrowsWithNeon(params, xsList, resultElement, vectorOps)) {
    SmallVector<Value> ys;
    for (unsigned i = 0; i < xsList.size(); ++i)
      ys.push_back(emitRescale(
          b, loc, params, xsList[i], resultElement,
          [&](RescaleParam param) { return getParam(i, param); }, vectorOps));
    return concat(ys);
  }
  // Each pair of i32 blocks narrows to one i16 vector (sqxtn, sqxtn2), takes
  // the output zero point with a saturating add and narrows again, to int8
  // (sqxtn) or uint8 (sqxtun): sat8(sat16(sat16(s) + Z)) is sat8(s + Z) for
  // any i32 s, so the clamp to the 8-bit range comes free and only a
  // narrower clamp is left, on the 8-bit lanes. Per four outputs that is
  // about two instructions, against five for the clamp, the add and two
  // narrows of each block alone.
  bool isSigned = params.clampMin >= -128 && params.clampMax <= 127;
  IntBuilder w32(b, loc, b.getI32Type(), xsList.front().getType());
  IntBuilder w64(b, loc, b.getI64Type(), xsList.front().getType());
  auto call = vectorOps.neonIntrinsic;
  auto i16x4 = VectorType::get({4}, b.getI16Type());
  auto i16x8 = VectorType::get({8}, b.getI16Type());
  auto i8x8 = VectorType::get({8}, b.getI8Type());
  IntBuilder w16(b, loc, b.getI16Type(), i16x8);
  SmallVector<Value> bytes;
  for (size_t i = 0; i < xsList.size(); i += 2) {
    // An odd last block narrows beside itself and keeps half the bytes.
    size_t count = std::min<size_t>(2, xsList.size() - i);
    SmallVector<Value, 2> halves;
    for (size_t h = 0; h < count; ++h) {
      Value scaled = emitScaled(
          b, loc, params, w32, w64, xsList[i + h],
          [&](RescaleParam param) { return getParam(i + h, param); },
          vectorOps);
      halves.push_back(call(kSqxtn32, i16x4, {scaled}));
    }
    if (count == 1)
      halves.push_back(halves.front());
    Value words = concat(halves);
    if (params.outputZp != 0)
      words = call(kSqadd16, i16x8, {words, w16.constant(params.outputZp)});
    Value narrowed = call(isSigned ? kSqxtn16 : kSqxtun16, i8x8, {words});
    if (count == 1)
      narrowed = vector::ShuffleOp::create(b, loc, narrowed, narrowed,
                                           ArrayRef<int64_t>{0, 1, 2, 3});
    bytes.push_back(narrowed);
  }
  Value y = concat(bytes);
  IntBuilder w8(b, loc, b.getI8Type(), y.getType());
  if (isSigned) {
    if (params.clampMin > -128)
      y = arith::MaxSIOp::create(b, loc, y, w8.constant(params.clampMin));
    if (params.clampMax < 127)
      y = arith::MinSIOp::create(b, loc, y, w8.constant(params.clampMax));
    return y;
  }
  if (params.clampMin > 0)
    y = arith::MaxUIOp::create(b, loc, y, w8.constant(params.clampMin));
  if (params.clampMax < 255)
    y = arith::MinUIOp::create(b, loc, y, w8.constant(params.clampMax));
  return y;
}
