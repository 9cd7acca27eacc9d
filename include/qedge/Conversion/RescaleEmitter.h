//===- RescaleEmitter.h - The arithmetic of qedge.rescale -------*- C++ -*-===//
//
// Part of quant-edge.
//
// The arithmetic of a `qedge.rescale` in arith ops, on a scalar or on a
// vector of values, written once for every place that requantizes: the
// elementwise lowering (one scalar in a linalg body) and the convolution
// kernels (a vector of accumulators in registers). Each rounding scheme of
// docs/QuantizationSpec.md reads named per-channel parameters, computed at
// compile time by QEdgeQuantMath; where they come from (a constant, a block
// argument, a vector load) is the caller's business.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_CONVERSION_RESCALEEMITTER_H
#define QEDGE_CONVERSION_RESCALEEMITTER_H

#include "mlir/IR/Builders.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

#include <variant>

namespace mlir {
namespace qedge {

/// A per-channel parameter of a rounding scheme.
enum class RescaleParam {
  /// gemmlowp: M0, max(shift, 0), max(-shift, 0), 2^rightShift - 1.
  multiplier,
  leftShift,
  rightShift,
  remainderMask,
  /// rndnu and the 64-bit routine: 2^(rightShift - 1) (with `multiplier`
  /// and `rightShift`).
  rounding,
  /// fp32: the float32 multiplier.
  scale,
};

/// The scheme a rescale of `inputWidth`-bit values uses, and its parameters.
enum class RescaleScheme { gemmlowp, singleRounding, int64, fp32 };
RescaleScheme getRescaleScheme(const RescaleParams &params,
                               unsigned inputWidth);

/// The parameters `scheme` reads.
ArrayRef<RescaleParam> getSchemeParams(RescaleScheme scheme);

/// The value of `param` for `channel` (an integer, or a float for `scale`).
/// Channels past the ones `params` has repeat its last one.
std::variant<int64_t, float> getChannelParam(const RescaleParams &params,
                                             RescaleScheme scheme,
                                             RescaleParam param,
                                             int64_t channel);

/// The element type `param` takes in the arithmetic: i32 where the value
/// fits and the arithmetic is 32-bit, i64 for the shifts and roundings of
/// 64-bit products, f32 for `scale`.
Type getParamType(Builder &b, RescaleScheme scheme, RescaleParam param);

/// getChannelParam as an attribute of getParamType.
TypedAttr getChannelParamAttr(Builder &b, const RescaleParams &params,
                              RescaleScheme scheme, RescaleParam param,
                              int64_t channel);

/// Whether `param` has one value for every channel of `params`.
bool isUniformParam(const RescaleParams &params, RescaleScheme scheme,
                    RescaleParam param);

/// How emitRescale computes on vectors where plain arith lowers badly.
struct RescaleVectorOps {
  /// A vector of i32 values whose gemmlowp product needs 64 bits multiplies
  /// its even and odd lanes separately, each pair of lanes read as one i64
  /// (x86's vpmuldq), and blends the two halves back, where the default
  /// sign-extends every lane to i64 and truncates (which suits targets with
  /// widening multiplies).
  bool evenOddProducts = false;
  /// With evenOddProducts: i64 lanes shift arithmetically by a per-lane
  /// amount (AVX-512's vpsravq), so gemmlowp's two roundings become one
  /// shift of the 64-bit product.
  bool wideShifts = false;
  /// On AArch64, gemmlowp's steps on vector<4xi32> as the NEON instructions
  /// that compute them exactly: `sqshl`, `sqrdmulh`, and a sign fix-up before
  /// `srshl`, and emitRescaleConcat's narrowing as `sqxtn` and `sqadd`.
  /// Called as intrinsic(name, result type, operands) with the names of
  /// getNeonRescaleIntrinsics.
  function_ref<Value(StringRef, Type, ValueRange)> neonIntrinsic;
  /// fp32's rounding half to even and conversion to i32 of a vector of f32
  /// values as one instruction (x86's cvtps2dq), where the default is
  /// math.roundeven then arith.fptosi. It need only be exact for values in
  /// the i32 range: with it, products that cannot leave that range skip the
  /// float clamp, and the integer clamp after the conversion decides alone.
  function_ref<Value(Value)> fp32ToI32;
};

/// The LLVM intrinsics RescaleVectorOps::neonIntrinsic is called with.
ArrayRef<StringRef> getNeonRescaleIntrinsics();

/// Emits the rescale of `x` (i8, i16, i32 or i64 values, scalar or vector)
/// into values of `resultElement` of the same shape: the input zero point,
/// the scheme, the output zero point and the clamp. `getParam` gives each
/// parameter as a value of the same shape as `x`, of getParamType. Only the
/// products that need it are 64-bit; the rest is 32-bit, which halves the
/// vector work.
Value emitRescale(OpBuilder &b, Location loc, const RescaleParams &params,
                  Value x, Type resultElement,
                  function_ref<Value(RescaleParam)> getParam,
                  const RescaleVectorOps &vectorOps = {});

/// emitRescale of each of `xs`, vectors of one type, concatenated in order;
/// `getParam(i, param)` gives the parameters of `xs[i]`. Where the NEON
/// intrinsics are given, 8-bit results of vector<4xi32> blocks are narrowed
/// two blocks at a time (an odd last block beside itself) with saturating
/// narrows, which clamp to the 8-bit range on the way.
Value emitRescaleConcat(OpBuilder &b, Location loc,
                        const RescaleParams &params, ValueRange xs,
                        Type resultElement,
                        function_ref<Value(unsigned, RescaleParam)> getParam,
                        const RescaleVectorOps &vectorOps = {});

} // namespace qedge
} // namespace mlir

#endif // QEDGE_CONVERSION_RESCALEEMITTER_H
