//===- X86Microkernels.cpp - int8 microkernels for x86 --------------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "Microkernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace mlir::qedge;

namespace {
/// The `count` input elements at `offset` (one 32-bit word) in every one of
/// `lanes` i32 lanes, as a vector of the input's elements: the broadcast
/// operand of a dot-product or pair-multiply instruction.
Value broadcastGroup(OpBuilder &b, Location loc, Value input, Value offset,
                     int64_t count, int64_t lanes) {
  Value group = microkernels::readVector(b, loc, input, offset, count);
  Value word = vector::BitCastOp::create(
      b, loc, VectorType::get({1}, b.getI32Type()), group);
  Value scalar = vector::ExtractOp::create(b, loc, word, int64_t(0));
  Value splat = vector::BroadcastOp::create(
      b, loc, VectorType::get({lanes}, b.getI32Type()), scalar);
  Type element = cast<VectorType>(group.getType()).getElementType();
  return vector::BitCastOp::create(
      b, loc, VectorType::get({lanes * count}, element), splat);
}

/// AVX-512 VNNI: vpdpbusd adds, in each of 16 i32 lanes, the dot product of
/// four unsigned input bytes and four signed weight bytes. The input group
/// (four channels of one pixel) is broadcast to every lane; the weights of a
/// block hold four channels of 16 output channels.
class VnniMicrokernel : public Int8Microkernel {
public:
  explicit VnniMicrokernel(int64_t lanes) : lanes(lanes) {}

  InputSignedness getInputSignedness() const override {
    return InputSignedness::unsignedBytes;
  }

  void declareIntrinsics(OpBuilder &b, Operation *user) const override {
    auto acc = VectorType::get({lanes}, b.getI32Type());
    auto bytes = VectorType::get({lanes * 4}, b.getI8Type());
    declareIntrinsic(b, user, kVpdpbusd,
                     b.getFunctionType({acc, bytes, bytes}, acc));
  }

  Value loadBias(OpBuilder &b, Location loc, Value bias,
                 Value offset) const override {
    return microkernels::readVector(b, loc, bias, offset, lanes);
  }

  Value loadInputGroup(OpBuilder &b, Location loc, Value input,
                       Value offset) const override {
    return broadcastGroup(b, loc, input, offset, 4, lanes);
  }

  Value loadWeights(OpBuilder &b, Location loc, Value weights,
                    Value offset) const override {
    return microkernels::readVector(b, loc, weights, offset, lanes * 4);
  }

  Value dot(OpBuilder &b, Location loc, Value acc, Value input,
            Value weights) const override {
    return callIntrinsic(b, loc, kVpdpbusd, acc.getType(),
                         {acc, input, weights});
  }

private:
  static constexpr llvm::StringLiteral kVpdpbusd =
      "llvm.x86.avx512.vpdpbusd.512";
  int64_t lanes;
};

/// AVX2 and AVX-512BW without VNNI: vpmaddwd multiplies pairs of i16 and
/// adds each pair into an i32 lane, then vpaddd accumulates. The input is
/// widened to i16 once and the weights at compile time, so no product or
/// pair sum can saturate (vpmaddubsw's u8 x s8 pair sums can, for weights
/// the compiler does not choose); on cores that issue two vpmaddwd per
/// cycle this matches the vpmaddubsw + vpmaddwd + vpaddd peak.
class PmaddMicrokernel : public Int8Microkernel {
public:
  explicit PmaddMicrokernel(int64_t lanes)
      : lanes(lanes),
        intrinsic(lanes == 16
                      ? llvm::StringLiteral("llvm.x86.avx512.pmaddw.d.512")
                      : llvm::StringLiteral("llvm.x86.avx2.pmadd.wd")) {}

  InputSignedness getInputSignedness() const override {
    return InputSignedness::any;
  }
  unsigned getOperandBits() const override { return 16; }

  void declareIntrinsics(OpBuilder &b, Operation *user) const override {
    auto pairs = VectorType::get({lanes * 2}, b.getI16Type());
    declareIntrinsic(
        b, user, intrinsic,
        b.getFunctionType({pairs, pairs},
                          VectorType::get({lanes}, b.getI32Type())));
  }

  Value loadBias(OpBuilder &b, Location loc, Value bias,
                 Value offset) const override {
    return microkernels::readVector(b, loc, bias, offset, lanes);
  }

  Value loadInputGroup(OpBuilder &b, Location loc, Value input,
                       Value offset) const override {
    return broadcastGroup(b, loc, input, offset, 2, lanes);
  }

  Value loadWeights(OpBuilder &b, Location loc, Value weights,
                    Value offset) const override {
    return microkernels::readVector(b, loc, weights, offset, lanes * 2);
  }

  Value dot(OpBuilder &b, Location loc, Value acc, Value input,
            Value weights) const override {
    Value products =
        callIntrinsic(b, loc, intrinsic, acc.getType(), {input, weights});
    return arith::AddIOp::create(b, loc, acc, products);
  }

private:
  int64_t lanes;
  llvm::StringLiteral intrinsic;
};
} // namespace

std::unique_ptr<Int8Microkernel>
mlir::qedge::microkernels::createX86Microkernel(const CodegenInfo &info) {
  if (info.int8Dot == Int8Dot::vpdpbusd && info.vectorBits == 512)
    return std::make_unique<VnniMicrokernel>(info.vectorBits / 32);
  if (info.int8Dot == Int8Dot::pmadd &&
      (info.vectorBits == 256 || info.vectorBits == 512))
    return std::make_unique<PmaddMicrokernel>(info.vectorBits / 32);
  return nullptr;
}
