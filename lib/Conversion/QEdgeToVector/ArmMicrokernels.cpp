//===- ArmMicrokernels.cpp - int8 microkernels for AArch64 ----------------===//
//
// Part of quant-edge.
//
// Every AArch64 kernel accumulates four output channels in one 128-bit
// vector of i32 lanes.
//
//===----------------------------------------------------------------------===//

#include "Microkernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::qedge;

/// Output channels per accumulator: four i32 lanes of a q register.
static constexpr int64_t kLanes = 4;

namespace {
/// Armv8.2 dot product: sdot adds, in each of four i32 lanes, the dot product
/// of four signed input bytes and four signed weight bytes. The input group
/// (four channels of one pixel) is broadcast to every lane (ld1r); the
/// weights of a block hold four channels of four output channels, 16 bytes.
/// `aarch64+i8mm` uses this kernel too: smmla multiplies 2x8 by 8x2 tiles,
/// which needs both operands packed in pairs of rows (of pixels and of
/// output channels), a tile structure the broadcast kernels do not have.
class SdotMicrokernel : public Int8Microkernel {
public:
  InputSignedness getInputSignedness() const override {
    return InputSignedness::signedBytes;
  }

  void declareIntrinsics(OpBuilder &b, Operation *user) const override {
    auto acc = VectorType::get({kLanes}, b.getI32Type());
    auto bytes = VectorType::get({kLanes * 4}, b.getI8Type());
    declareIntrinsic(b, user, kSdot,
                     b.getFunctionType({acc, bytes, bytes}, acc));
  }

  Value loadBias(OpBuilder &b, Location loc, Value bias,
                 Value offset) const override {
    return microkernels::readVector(b, loc, bias, offset, kLanes);
  }

  Value loadInputGroup(OpBuilder &b, Location loc, Value input,
                       Value offset) const override {
    Value bytes = microkernels::readVector(b, loc, input, offset, 4);
    Value word = vector::BitCastOp::create(
        b, loc, VectorType::get({1}, b.getI32Type()), bytes);
    Value scalar = vector::ExtractOp::create(b, loc, word, int64_t(0));
    Value splat = vector::BroadcastOp::create(
        b, loc, VectorType::get({kLanes}, b.getI32Type()), scalar);
    return vector::BitCastOp::create(
        b, loc, VectorType::get({kLanes * 4}, b.getI8Type()), splat);
  }

  Value loadWeights(OpBuilder &b, Location loc, Value weights,
                    Value offset) const override {
    return microkernels::readVector(b, loc, weights, offset, kLanes * 4);
  }

  Value dot(OpBuilder &b, Location loc, Value acc, Value input,
            Value weights) const override {
    return callIntrinsic(b, loc, kSdot, acc.getType(), {acc, weights, input});
  }

private:
  static constexpr llvm::StringLiteral kSdot =
      "llvm.aarch64.neon.sdot.v4i32.v16i8";
};

/// Armv8.0 NEON: smlal multiplies four i16 pairs into i32 and accumulates.
/// The input is widened to i16 once and the weights at compile time, so every
/// product is exact and no i16 sum is ever formed (smull + smlal2 + sadalp on
/// bytes would add two products in i16, which overflows for
/// (-128) * (-128) + (-128) * (-128)). One input channel per step: its value
/// broadcast to the four lanes, times the four output channels of a block.
class SmlalMicrokernel : public Int8Microkernel {
public:
  InputSignedness getInputSignedness() const override {
    return InputSignedness::any;
  }
  unsigned getOperandBits() const override { return 16; }

  Value loadBias(OpBuilder &b, Location loc, Value bias,
                 Value offset) const override {
    return microkernels::readVector(b, loc, bias, offset, kLanes);
  }

  Value loadInputGroup(OpBuilder &b, Location loc, Value input,
                       Value offset) const override {
    Value element = microkernels::readVector(b, loc, input, offset, 1);
    Value scalar = vector::ExtractOp::create(b, loc, element, int64_t(0));
    return vector::BroadcastOp::create(
        b, loc, VectorType::get({kLanes}, b.getI16Type()), scalar);
  }

  Value loadWeights(OpBuilder &b, Location loc, Value weights,
                    Value offset) const override {
    return microkernels::readVector(b, loc, weights, offset, kLanes);
  }

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
  case Int8Dot::smmla:
    return std::make_unique<SdotMicrokernel>();
  case Int8Dot::smull:
    return std::make_unique<SmlalMicrokernel>();
  default:
    return nullptr;
  }
}
