//===- QEdgeToVector.h - int8 convolutions to vector kernels ----*- C++ -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_CONVERSION_QEDGETOVECTOR_QEDGETOVECTOR_H
#define QEDGE_CONVERSION_QEDGETOVECTOR_QEDGETOVECTOR_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/PatternMatch.h"
#include "qedge/Conversion/QEdgeToVector/ConvSchedule.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

#include <memory>
#include <string>

namespace mlir {
namespace qedge {

/// What the kernels read of a rescale(int_conv2d) pair.
struct ConvKernelOperands {
  IntConv2DOp conv;
  RescaleOp rescale;
  DenseIntElementsAttr filter, bias;
};

/// A convolution the kernels implement, with its schedule.
struct ConvKernelPlan {
  ConvKernelOperands operands;
  ConvShape shape;
  ConvSchedule schedule;
  CodegenInfo info;
};

ConvShape getConvShape(IntConv2DOp conv);

/// Plans the kernel for `rescale` and the convolution it rescales, on the
/// target of the enclosing `qedge.target`. Fails with `reason` when the pair
/// or the target is not one the kernels implement, or when `forced` cannot
/// work (then `forcedTileInvalid` is set: an error rather than a fallback).
FailureOr<ConvKernelPlan> planConvKernel(RescaleOp rescale, ConvTile forced,
                                         std::string &reason,
                                         bool &forcedTileInvalid);

/// The target-specific part of a convolution kernel: how one reduction step
/// loads its operands and multiplies them. One builder per int8 instruction;
/// the loops, the packing and the epilogue are shared.
class Int8Microkernel {
public:
  virtual ~Int8Microkernel() = default;

  /// The signedness of the input bytes the instruction multiplies: unsigned
  /// (vpdpbusd), signed (sdot, smmla), or either (where the input is widened
  /// first). An input of the other kind is shifted by 128 (x ^ 0x80) and the
  /// bias corrected by the constant this adds.
  enum class InputSignedness { unsignedBytes, signedBytes, any };
  virtual InputSignedness getInputSignedness() const = 0;
  /// The width in bits of the input and weight elements the instruction
  /// multiplies (8, or 16 where the input is widened once and the weights
  /// at compile time).
  virtual unsigned getOperandBits() const { return 8; }
  /// Declares the intrinsics `dot` calls, in the symbol table around `user`.
  virtual void declareIntrinsics(OpBuilder &b, Operation *user) const {}
  /// The accumulator vector of a block's bias, read at `offset` of the 1-D
  /// i32 bias tensor.
  virtual Value loadBias(OpBuilder &b, Location loc, Value bias,
                         Value offset) const = 0;
  /// One pixel's group of input bytes at `offset` of the 1-D input tensor,
  /// in the form `dot` takes.
  virtual Value loadInputGroup(OpBuilder &b, Location loc, Value input,
                               Value offset) const = 0;
  /// Where one load serves several steps (MicrokernelShape's
  /// groupsPerInputLoad): that many consecutive groups of one pixel at
  /// `offset`, and the group `index` of them in the form `dot` takes.
  virtual Value loadInputGroups(OpBuilder &b, Location loc, Value input,
                                Value offset) const {
    return loadInputGroup(b, loc, input, offset);
  }
  virtual Value selectInputGroup(OpBuilder &b, Location loc, Value groups,
                                 int64_t index) const {
    return groups;
  }
  /// One block's packed weights at `offset` of the 1-D weight tensor.
  virtual Value loadWeights(OpBuilder &b, Location loc, Value weights,
                            Value offset) const = 0;
  /// acc + dot(input group, weights), per lane.
  virtual Value dot(OpBuilder &b, Location loc, Value acc, Value input,
                    Value weights) const = 0;
  /// Where the lanes of an accumulator are partial sums of one output
  /// channel (MicrokernelShape::accumulatorsPerBlock > 1): the vector of
  /// the channels' sums, one accumulator per channel of a block.
  virtual Value sumLanes(OpBuilder &b, Location loc, ValueRange accs) const {
    llvm_unreachable("the kernel's lanes are output channels");
  }
};

/// Declares the LLVM intrinsic `name` in the symbol table around `user`, as
/// a private `func.func` carrying the intrinsic's name, once. Kernels call
/// it with `func.call` rather than `llvm.call_intrinsic`: calls are what
/// bufferization and buffer deallocation know to look through, and LLVM
/// resolves the declaration to the intrinsic by its name.
void declareIntrinsic(OpBuilder &b, Operation *user, StringRef name,
                      FunctionType type);

/// Calls the intrinsic `name` declared by declareIntrinsic.
Value callIntrinsic(OpBuilder &b, Location loc, StringRef name, Type resultType,
                    ValueRange operands);

/// The microkernel builder for `info`'s instruction, or null.
std::unique_ptr<Int8Microkernel> createInt8Microkernel(const CodegenInfo &info);

/// Options of the convolution kernel patterns.
struct ConvToVectorOptions {
  /// A non-zero field overrides the scheduler's choice.
  ConvTile forcedTile;
  /// Report each depthwise kernel's tile as a remark (the pass reports the
  /// others).
  bool printSchedule = false;
};

/// Patterns rewriting `qedge.rescale(qedge.int_conv2d)` into register-tiled
/// vector kernels for the module's target; pairs they do not implement are
/// left for the generic lowering.
void populateQEdgeConvToVectorPatterns(RewritePatternSet &patterns,
                                       const ConvToVectorOptions &options);

/// Patterns rewriting the byte table lookups a folded `qedge.table` is into
/// NEON `tbl` / `tbx` on AArch64 targets.
void populateQEdgeTableToVectorPatterns(RewritePatternSet &patterns);

} // namespace qedge
} // namespace mlir

#endif // QEDGE_CONVERSION_QEDGETOVECTOR_QEDGETOVECTOR_H
