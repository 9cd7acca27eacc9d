//===- ArmMicrokernels.cpp - int8 microkernels for AArch64 ----------------===//
//
// Part of quant-edge.
//
// The by-element kernels (sdot, smlal) accumulate four output channels in the
// four i32 lanes of a q register and multiply them by one pixel's group of
// input channels splat to every lane. The group comes from a register that
// holds four consecutive groups of the pixel (one load for four reduction
// steps), and the splat of its lane is what LLVM folds into the by-element
// forms of the instructions: `sdot v.4s, w.16b, x.4b[g]`,
// `smlal v.4s, w.4h, x.h[g]`.
// smmla's kernel accumulates 2 x 2 tiles of (pixel, output channel) instead.
//
//===----------------------------------------------------------------------===//

#include "Microkernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::qedge;

/// Output channels per accumulator: four i32 lanes of a q register.
static constexpr int64_t kLanes = 4;
/// Groups of one pixel that one input load holds (MicrokernelShape's
/// groupsPerInputLoad for these kernels).
static constexpr int64_t kGroupsPerLoad = 4;

namespace {
/// What the AArch64 kernels share: operands of `bits` bits, `group` of them
/// per lane and step, the input group taken from a lane of a loaded vector.
class ArmMicrokernel : public Int8Microkernel {
public:
  ArmMicrokernel(unsigned bits, int64_t group) : bits(bits), group(group) {}

  Value loadBias(OpBuilder &b, Location loc, Value bias,
                 Value offset) const override {
    return microkernels::readVector(b, loc, bias, offset, kLanes);
  }

  Value loadInputGroup(OpBuilder &b, Location loc, Value input,
                       Value offset) const override {
    return selectInputGroup(
        b, loc, microkernels::readVector(b, loc, input, offset, group), 0);
  }

  Value loadInputGroups(OpBuilder &b, Location loc, Value input,
                        Value offset) const override {
    return microkernels::readVector(b, loc, input, offset,
                                    group * kGroupsPerLoad);
  }

  /// Group `index` of `groups` in every lane: the group as one integer
  /// (bitcast), splat by a shuffle, bitcast back to the operand elements.
  Value selectInputGroup(OpBuilder &b, Location loc, Value groups,
                         int64_t index) const override {
    auto type = cast<VectorType>(groups.getType());
    if (group == 1)
      return vector::ShuffleOp::create(b, loc, groups, groups,
                                       SmallVector<int64_t>(kLanes, index));
    Type word = b.getIntegerType(bits * group);
    Value words = vector::BitCastOp::create(
        b, loc, VectorType::get({type.getNumElements() / group}, word), groups);
    Value splat = vector::ShuffleOp::create(
        b, loc, words, words, SmallVector<int64_t>(kLanes, index));
    return vector::BitCastOp::create(b, loc, getOperandType(b), splat);
  }

  Value loadWeights(OpBuilder &b, Location loc, Value weights,
                    Value offset) const override {
    return microkernels::readVector(b, loc, weights, offset, kLanes * group);
  }

protected:
  /// The accumulators, and the operands of one instruction: a block's
  /// weights or a splat input group.
  VectorType getAccumulatorType(OpBuilder &b) const {
    return VectorType::get({kLanes}, b.getI32Type());
  }
  VectorType getOperandType(OpBuilder &b) const {
    return VectorType::get({kLanes * group}, b.getIntegerType(bits));
  }

private:
  unsigned bits;
  int64_t group;
};

/// Armv8.2 dot product: sdot adds, in each of four i32 lanes, the dot product
/// of four signed input bytes and four signed weight bytes. The weights of a
/// block hold four channels of four output channels, 16 bytes.
class SdotMicrokernel : public ArmMicrokernel {
public:
  SdotMicrokernel() : ArmMicrokernel(8, 4) {}

  InputSignedness getInputSignedness() const override {
    return InputSignedness::signedBytes;
  }

  void declareIntrinsics(OpBuilder &b, Operation *user) const override {
    VectorType acc = getAccumulatorType(b), bytes = getOperandType(b);
    declareIntrinsic(b, user, kSdot,
                     b.getFunctionType({acc, bytes, bytes}, acc));
  }

  Value dot(OpBuilder &b, Location loc, Value acc, Value input,
            Value weights) const override {
    return callIntrinsic(b, loc, kSdot, acc.getType(), {acc, weights, input});
  }

private:
  static constexpr llvm::StringLiteral kSdot =
      "llvm.aarch64.neon.sdot.v4i32.v16i8";
};

/// Armv8.6 int8 matrix multiply: smmla multiplies a 2 x 8 matrix of signed
/// bytes (two pixels' eight input channels, one 16-byte register of the
/// pixel-pair input) by the transpose of another (two output channels'
/// eight weights, half of a block's 32 packed bytes) and adds the 2 x 2
/// product to the accumulators [p0 c0, p0 c1, p1 c0, p1 c1]: 32 MACs per
/// instruction where sdot does 16. The tile's loops, the pairing and the
/// layout of the accumulators are the kernel emitter's (pixelsPerDot = 2).
class SmmlaMicrokernel : public Int8Microkernel {
public:
  InputSignedness getInputSignedness() const override {
    return InputSignedness::signedBytes;
  }

  void declareIntrinsics(OpBuilder &b, Operation *user) const override {
    VectorType acc = getAccumulatorType(b), bytes = getOperandType(b);
    declareIntrinsic(b, user, kSmmla,
                     b.getFunctionType({acc, bytes, bytes}, acc));
  }

  Value loadBias(OpBuilder &b, Location loc, Value bias,
                 Value offset) const override {
    return microkernels::readVector(b, loc, bias, offset, kLanes);
  }
  /// A pixel pair's 16 bytes of one step.
  Value loadInputGroup(OpBuilder &b, Location loc, Value input,
                       Value offset) const override {
    return microkernels::readVector(b, loc, input, offset, kPairBytes);
  }
  /// A pair of output channels' 16 bytes of one step.
  Value loadWeights(OpBuilder &b, Location loc, Value weights,
                    Value offset) const override {
    return microkernels::readVector(b, loc, weights, offset, kPairBytes);
  }

  Value dot(OpBuilder &b, Location loc, Value acc, Value input,
            Value weights) const override {
    return callIntrinsic(b, loc, kSmmla, acc.getType(), {acc, input, weights});
  }

private:
  static constexpr int64_t kPairBytes = 16;
  static VectorType getAccumulatorType(OpBuilder &b) {
    return VectorType::get({kLanes}, b.getI32Type());
  }
  static VectorType getOperandType(OpBuilder &b) {
    return VectorType::get({kPairBytes}, b.getI8Type());
  }
  static constexpr llvm::StringLiteral kSmmla =
      "llvm.aarch64.neon.smmla.v4i32.v16i8";
};

/// Armv8.0 NEON on bytes: per (pixel, output channel), smull multiplies the
/// low 8 of 16 input bytes by the channel's 16 weight bytes into i16, smlal2
/// adds the high 8 products (each i16 lane then holds two products), and
/// sadalp adds pairs of lanes into the four i32 lanes of the channel's
/// accumulator: 16 MACs in three instructions where smlal does 4 in one.
/// Exact where no i16 lane can overflow: two products reach 2^15 only as
/// (-128) * (-128) twice, so the planner takes this kernel where no two
/// weights that share a lane are both -128. The four channels of a block are
/// summed across lanes by three addp.
class PairSumMicrokernel : public Int8Microkernel {
public:
  InputSignedness getInputSignedness() const override {
    return InputSignedness::signedBytes;
  }

  void declareIntrinsics(OpBuilder &b, Operation *user) const override {
    auto i16x8 = VectorType::get({8}, b.getI16Type());
    auto i8x8 = VectorType::get({8}, b.getI8Type());
    auto i32x4 = VectorType::get({kLanes}, b.getI32Type());
    declareIntrinsic(b, user, kSmull, b.getFunctionType({i8x8, i8x8}, i16x8));
    declareIntrinsic(b, user, kSaddlp, b.getFunctionType({i16x8}, i32x4));
    declareIntrinsic(b, user, kAddp,
                     b.getFunctionType({i32x4, i32x4}, i32x4));
  }

  Value loadBias(OpBuilder &b, Location loc, Value bias,
                 Value offset) const override {
    return microkernels::readVector(b, loc, bias, offset, kLanes);
  }
  Value loadInputGroup(OpBuilder &b, Location loc, Value input,
                       Value offset) const override {
    return microkernels::readVector(b, loc, input, offset, kBytes);
  }
  /// One output channel's 16 weights of a step.
  Value loadWeights(OpBuilder &b, Location loc, Value weights,
                    Value offset) const override {
    return microkernels::readVector(b, loc, weights, offset, kBytes);
  }

  /// smull on the low halves plus smull on the high halves is what LLVM
  /// selects as smull + smlal2; acc + saddlp as sadalp.
  Value dot(OpBuilder &b, Location loc, Value acc, Value input,
            Value weights) const override {
    auto half = [&](Value v, int64_t first) -> Value {
      SmallVector<int64_t> lanes;
      for (int64_t i = 0; i < kBytes / 2; ++i)
        lanes.push_back(first + i);
      return vector::ShuffleOp::create(b, loc, v, v, lanes);
    };
    auto i16x8 = VectorType::get({8}, b.getI16Type());
    Value low = callIntrinsic(b, loc, kSmull, i16x8,
                              {half(input, 0), half(weights, 0)});
    Value high = callIntrinsic(b, loc, kSmull, i16x8,
                               {half(input, 8), half(weights, 8)});
    Value pairs = arith::AddIOp::create(b, loc, low, high);
    Value sums = callIntrinsic(b, loc, kSaddlp, acc.getType(), {pairs});
    return arith::AddIOp::create(b, loc, acc, sums);
  }

  Value sumLanes(OpBuilder &b, Location loc, ValueRange accs) const override {
    Type type = accs[0].getType();
    Value first = callIntrinsic(b, loc, kAddp, type, {accs[0], accs[1]});
    Value second = callIntrinsic(b, loc, kAddp, type, {accs[2], accs[3]});
    return callIntrinsic(b, loc, kAddp, type, {first, second});
  }

private:
  static constexpr int64_t kBytes = 16;
  static constexpr llvm::StringLiteral kSmull = "llvm.aarch64.neon.smull.v8i16";
  static constexpr llvm::StringLiteral kSaddlp =
      "llvm.aarch64.neon.saddlp.v4i32.v8i16";
  static constexpr llvm::StringLiteral kAddp = "llvm.aarch64.neon.addp.v4i32";
};

/// Armv8.0 NEON: smlal multiplies four i16 pairs into i32 and accumulates.
/// The input is widened to i16 once and the weights at compile time, so every
/// product is exact and no i16 sum is ever formed (smull + smlal2 + sadalp on
/// bytes would add two products in i16, which overflows for
/// (-128) * (-128) + (-128) * (-128)). One input channel per step, times the
/// four output channels of a block.
class SmlalMicrokernel : public ArmMicrokernel {
public:
  SmlalMicrokernel() : ArmMicrokernel(16, 1) {}

  InputSignedness getInputSignedness() const override {
    return InputSignedness::any;
  }
  unsigned getOperandBits() const override { return 16; }

  /// sext, mul, add: what LLVM selects as one smlal.
  Value dot(OpBuilder &b, Location loc, Value acc, Value input,
            Value weights) const override {
    auto wide = cast<VectorType>(acc.getType());
    Value x = arith::ExtSIOp::create(b, loc, wide, input);
    Value w = arith::ExtSIOp::create(b, loc, wide, weights);
    Value product = arith::MulIOp::create(b, loc, x, w);
    return arith::AddIOp::create(b, loc, acc, product);
  }
};
} // namespace

std::unique_ptr<Int8Microkernel>
mlir::qedge::microkernels::createArmMicrokernel(const CodegenInfo &info) {
  if (info.vectorBits != kLanes * 32)
    return nullptr;
  switch (info.int8Dot) {
  case Int8Dot::sdot:
    return std::make_unique<SdotMicrokernel>();
  case Int8Dot::smmla:
    return std::make_unique<SmmlaMicrokernel>();
  case Int8Dot::smull:
    if (info.pairSums)
      return std::make_unique<PairSumMicrokernel>();
    return std::make_unique<SmlalMicrokernel>();
  default:
    return nullptr;
  }
}
