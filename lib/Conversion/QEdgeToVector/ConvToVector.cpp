//===- ConvToVector.cpp - int8 convolutions to register-tiled kernels -----===//
//
// Part of quant-edge.
//
// Rewrites `qedge.rescale(qedge.int_conv2d)` with constant weights into loops
// of vector code on tensors, for the target attached to the module:
//
//   for each batch, output row, run of `pixels` output pixels, and run of
//   `channelBlocks` blocks of output channels (the last run of each overlaps
//   the one before it instead of running a smaller kernel):
//     accumulators[pixel][block] = bias
//     for each kernel row, and each (kernel column, group of input channels)
//     as one contiguous run of the input row:
//       broadcast each pixel's group of input channels, load each block's
//       packed weights, and multiply-accumulate: one dot-product instruction
//       per (pixel, block); where one input load serves several steps (the
//       by-element forms on AArch64), the run goes that many steps at a time,
//       each taking its group from the pixel's loaded register
//     requantize the accumulators in registers and store the int8 results.
//
// The weights are packed at compile time as
// [block][kernel row][kernel column][input channel / group][lane][group], so
// that one vector load feeds one instruction for a whole block. The input is
// padded once (with the convolution's pad value, and its channels up to a
// multiple of the group) and, where the instruction multiplies unsigned by
// signed bytes, made unsigned by x ^ 0x80 = x + 128; the -128 * sum(w) that
// this adds is folded into the bias. No i32 tensor reaches memory.
//
// Taps that read padding are skipped where that is cheap: output rows skip
// the kernel rows above or below the image (a bias per output row adds back
// what those taps would have added), and where the schedule says so the
// border columns are computed as strips down the image that skip the kernel
// columns outside it (a bias per strip).
//
// Two kernels change the tile's shape: smmla multiplies pixel pairs (the
// input copied as pairs, 2 x 2 tiles of accumulators), and smull + smlal2 +
// sadalp keep one accumulator per (pixel, channel) whose lanes are summed
// before the requantization.
//
//===----------------------------------------------------------------------===//

#include "qedge/Conversion/QEdgeToVector/QEdgeToVector.h"

#include "Microkernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "qedge/Conversion/RescaleEmitter.h"
#include "qedge/Dialect/QEdge/IR/QEdgeAttrs.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

#include <optional>

using namespace mlir;
using namespace mlir::qedge;

//===----------------------------------------------------------------------===//
// Matching
//===----------------------------------------------------------------------===//

/// How a kernel groups the convolution's channels.
enum class ConvGrouping { dense, depthwise };

/// The convolution under `rescale`, if a kernel implements the pair: one
/// group (dense) or one input and one output channel per group (depthwise),
/// 8-bit data with signed weights and no weight zero point, an i32
/// accumulator, constant weights and bias, and an 8-bit result.
static FailureOr<ConvKernelOperands>
matchConvKernel(RescaleOp rescale, ConvGrouping grouping, std::string &reason) {
  auto conv = rescale.getInput().getDefiningOp<IntConv2DOp>();
  if (!conv || !conv->hasOneUse())
    return reason = "input is not a convolution used once", failure();
  auto inputType = cast<RankedTensorType>(conv.getInput().getType());
  auto filterType = cast<RankedTensorType>(conv.getFilter().getType());
  auto groups = static_cast<int64_t>(conv.getGroups());
  int64_t channels = inputType.getDimSize(3);
  if (grouping == ConvGrouping::dense && groups != 1)
    return reason = "grouped convolution", failure();
  if (grouping == ConvGrouping::depthwise &&
      (groups != channels || filterType.getDimSize(0) != channels ||
       channels == 1))
    return reason = "not depthwise with one output per channel", failure();
  if (!inputType.getElementType().isInteger(8) ||
      !filterType.getElementType().isInteger(8) || conv.getFilterUnsigned())
    return reason = "not 8-bit data with signed weights", failure();
  if (conv.getFilterZpAttr())
    return reason = "weight zero points", failure();
  if (!cast<RankedTensorType>(conv.getType()).getElementType().isInteger(32) ||
      !cast<RankedTensorType>(rescale.getType()).getElementType().isInteger(8))
    return reason = "not an i32 accumulator with an 8-bit result", failure();
  ConvKernelOperands operands{conv, rescale, {}, {}};
  if (!matchPattern(conv.getFilter(), m_Constant(&operands.filter)) ||
      !matchPattern(conv.getBias(), m_Constant(&operands.bias)))
    return reason = "weights or bias are not constants", failure();
  return operands;
}

ConvShape mlir::qedge::getConvShape(IntConv2DOp conv) {
  auto input = cast<RankedTensorType>(conv.getInput().getType());
  auto filter = cast<RankedTensorType>(conv.getFilter().getType());
  auto output = cast<RankedTensorType>(conv.getType());
  ArrayRef<int64_t> strides = conv.getStrides(),
                    dilations = conv.getDilations();
  ArrayRef<int64_t> padding = conv.getPadding();
  return ConvShape{
      input.getDimSize(0),  input.getDimSize(1),
      input.getDimSize(2),  input.getDimSize(3),
      filter.getDimSize(0), filter.getDimSize(1),
      filter.getDimSize(2), output.getDimSize(1),
      output.getDimSize(2), strides[0],
      strides[1],           dilations[0],
      dilations[1],         {padding[0], padding[1], padding[2], padding[3]}};
}

/// Whether the smull + smlal2 kernel is exact for `filter`: it reduces each
/// kernel row's (column, channel) run in steps of 16 values (padded as the
/// scheduler pads them), and adds the products of values j and j + 8 of a
/// step in one i16 lane, which overflows only for two weights of -128 (times
/// two inputs of -128).
static bool hasNoOverflowingPair(const ConvShape &shape,
                                 DenseIntElementsAttr filter) {
  constexpr int64_t kStep = 16;
  bool packedRows = shape.inputC % kStep != 0 && shape.dilationW == 1;
  int64_t paddedC =
      packedRows ? shape.inputC : (shape.inputC + kStep - 1) / kStep * kStep;
  int64_t runLength =
      (shape.kernelW * paddedC + kStep - 1) / kStep * kStep;
  SmallVector<bool> isMin(runLength, false);
  auto it = filter.getValues<APInt>().begin();
  for (int64_t k = 0; k < shape.outputC; ++k)
    for (int64_t r = 0; r < shape.kernelH; ++r) {
      std::fill(isMin.begin(), isMin.end(), false);
      for (int64_t s = 0; s < shape.kernelW; ++s)
        for (int64_t c = 0; c < shape.inputC; ++c, ++it)
          isMin[s * paddedC + c] = (*it).getSExtValue() == -128;
      for (int64_t v = 0; v < runLength; ++v)
        if (v % kStep < kStep / 2 && isMin[v] && isMin[v + kStep / 2])
          return false;
    }
  return true;
}

FailureOr<ConvKernelPlan> mlir::qedge::planConvKernel(RescaleOp rescale,
                                                      ConvTile forced,
                                                      std::string &reason,
                                                      bool &forcedTileInvalid) {
  forcedTileInvalid = false;
  TargetAttr target = TargetAttr::lookup(rescale);
  if (!target)
    return reason = "no qedge.target on an enclosing op", failure();
  FailureOr<ConvKernelOperands> operands =
      matchConvKernel(rescale, ConvGrouping::dense, reason);
  if (failed(operands))
    return failure();
  ConvShape shape = getConvShape(operands->conv);
  CodegenInfo info = target.getCodegenInfo();
  // smmla takes pixels in pairs and 8 input channels per step: a row of one
  // pixel, or channels that are not a multiple of 8 (which the by-element
  // sdot reduces 4 at a time, or packs by kernel row), take the sdot kernel
  // of the same target.
  if (info.int8Dot == Int8Dot::smmla &&
      (shape.outputW < 2 || shape.inputC % 8 != 0))
    info.int8Dot = Int8Dot::sdot;
  if (info.int8Dot == Int8Dot::smull)
    info.pairSums = hasNoOverflowingPair(shape, operands->filter);
  if (llvm::Error error = getMicrokernelShape(info).takeError())
    return reason = llvm::toString(std::move(error)), failure();
  llvm::Expected<ConvSchedule> schedule =
      chooseConvSchedule(shape, info, forced);
  if (!schedule) {
    reason = llvm::toString(schedule.takeError());
    forcedTileInvalid = forced.pixels || forced.channelBlocks;
    return failure();
  }
  return ConvKernelPlan{*operands, shape, *schedule, info};
}

//===----------------------------------------------------------------------===//
// Emission
//===----------------------------------------------------------------------===//

namespace {
/// Index arithmetic with less boilerplate.
struct IndexBuilder {
  OpBuilder &b;
  Location loc;

  Value constant(int64_t v) {
    return arith::ConstantIndexOp::create(b, loc, v);
  }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value add(Value x, int64_t y) { return y ? add(x, constant(y)) : x; }
  Value mul(Value x, int64_t y) {
    return y == 1 ? x : arith::MulIOp::create(b, loc, x, constant(y));
  }
  Value min(Value x, int64_t y) {
    return arith::MinSIOp::create(b, loc, x, constant(y));
  }
};
} // namespace

/// x ^ 0x80 on `length` bytes of the flat tensor `source` from
/// `sourceOffset`, written into the flat tensor `dest` from `destOffset`, as
/// an explicit loop of vectors of `vectorBytes` and one masked vector for
/// the rest: the elementwise form is left to LLVM's loop vectorizer, which
/// keeps it a byte at a time when tuning for some cores (Neoverse-N2: 6% of
/// a 56x56x64 3x3 layer).
static Value flipSignBits(OpBuilder &b, Location loc, Value source,
                          Value sourceOffset, Value dest, Value destOffset,
                          int64_t length, int64_t vectorBytes) {
  Type i8 = b.getI8Type();
  auto vectorType = VectorType::get({vectorBytes}, i8);
  Value flip = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(vectorType, b.getI8IntegerAttr(-128)));
  Value zero = arith::ConstantOp::create(b, loc, b.getI8IntegerAttr(0));
  auto c = [&](int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); };
  auto flipAt = [&](OpBuilder &nb, Value into, Value offset, Value mask) {
    Value from = arith::AddIOp::create(nb, loc, sourceOffset, offset);
    Value to = arith::AddIOp::create(nb, loc, destOffset, offset);
    auto read = vector::TransferReadOp::create(
        nb, loc, vectorType, source, ValueRange{from}, zero,
        ArrayRef<bool>{true});
    if (mask)
      read.getMaskMutable().assign(mask);
    Value v = arith::XOrIOp::create(nb, loc, read.getResult(), flip);
    auto write = vector::TransferWriteOp::create(
        nb, loc, v, into, ValueRange{to}, ArrayRef<bool>{true});
    if (mask)
      write.getMaskMutable().assign(mask);
    return write.getResult();
  };
  int64_t whole = length / vectorBytes * vectorBytes;
  if (whole)
    dest = scf::ForOp::create(
               b, loc, c(0), c(whole), c(vectorBytes), ValueRange{dest},
               [&](OpBuilder &nb, Location, Value i, ValueRange args) {
                 scf::YieldOp::create(nb, loc,
                                      flipAt(nb, args[0], i, Value()));
               })
               .getResult(0);
  if (whole < length) {
    Value mask = vector::ConstantMaskOp::create(
        b, loc, VectorType::get({vectorBytes}, b.getI1Type()),
        ArrayRef<int64_t>{length - whole});
    dest = flipAt(b, dest, c(whole), mask);
  }
  return dest;
}

/// The convolution's input made ready for a kernel: widened to `bits`, or
/// shifted by `inputShift` (+-128, as x ^ 0x80), padded once with the
/// convolution's pad value and its channels up to `paddedC` (and by
/// `extraRows` rows at the bottom of each image, which no output reads but a
/// reduction step may reach into), and collapsed to one dimension so that
/// every address is a linear offset.
static Value prepareConvInput(OpBuilder &b, Location loc, IntConv2DOp conv,
                              const ConvShape &shape, int64_t paddedC,
                              unsigned bits, int64_t inputShift,
                              int64_t vectorBytes, int64_t extraRows = 0) {
  Value x = conv.getInput();
  auto type = cast<RankedTensorType>(x.getType());
  int64_t padValue = conv.getPadValue();
  Type element = b.getIntegerType(bits);
  auto collapse = [&](Value v) {
    auto vType = cast<RankedTensorType>(v.getType());
    auto flatType =
        RankedTensorType::get({vType.getNumElements()}, vType.getElementType());
    return tensor::CollapseShapeOp::create(
               b, loc, flatType, v,
               SmallVector<ReassociationIndices>{{0, 1, 2, 3}})
        .getResult();
  };
  auto c = [&](int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); };
  bool flip = bits == 8 && inputShift != 0;
  if (bits != 8) {
    // Widened once, here, rather than in every reduction step.
    auto wideType = type.clone(element);
    x = conv.getInputUnsigned()
            ? arith::ExtUIOp::create(b, loc, wideType, x).getResult()
            : arith::ExtSIOp::create(b, loc, wideType, x).getResult();
    type = wideType;
  } else if (flip) {
    // The bytes x ^ 0x80 read with the other signedness are x + 128 (signed
    // to unsigned) or x - 128 (unsigned to signed).
    padValue ^= 0x80;
  }
  // As the element type holds it: 8-bit patterns as int8_t.
  if (bits == 8)
    padValue = static_cast<int8_t>(static_cast<uint8_t>(padValue));
  int64_t channelPad = paddedC - shape.inputC;
  const int64_t *p = shape.padding;
  bool pads = p[0] || p[1] || p[2] || p[3] || channelPad || extraRows;
  auto flipAll = [&](Value v) {
    Value flat = collapse(v);
    int64_t size = cast<RankedTensorType>(flat.getType()).getNumElements();
    Value dest = tensor::EmptyOp::create(b, loc, {size}, element);
    return flipSignBits(b, loc, flat, c(0), dest, c(0), size, vectorBytes);
  };
  if (flip && !pads)
    return flipAll(x);
  int64_t paddedH = shape.inputH + p[0] + p[1] + extraRows;
  int64_t paddedW = shape.inputW + p[2] + p[3];
  if (flip && channelPad == 0) {
    // The input flips straight into its place in the padded buffer, a run
    // at a time (an image where columns are not padded, else a row): a
    // flipped copy padded afterwards cost a second pass and a buffer the
    // size of the input on every call (on x86, 30% of a 56x56x64 3x3 layer
    // with int8 activations).
    bool wholeImages = p[2] == 0 && p[3] == 0;
    int64_t runBytes = shape.inputW * shape.inputC;
    int64_t runs = shape.batch;
    if (wholeImages)
      runBytes *= shape.inputH;
    else
      runs *= shape.inputH;
    auto flatType = RankedTensorType::get(
        {shape.batch * paddedH * paddedW * paddedC}, element);
    Value padded = tensor::SplatOp::create(
        b, loc,
        arith::ConstantOp::create(b, loc, b.getIntegerAttr(element, padValue)),
        Type(flatType));
    Value flat = collapse(x);
    auto flipRun = [&](OpBuilder &nb, Value run, Value into) {
      IndexBuilder idx{nb, loc};
      // Run r starts at row p0 (+ h) of image n, column p2.
      Value n = run, h;
      if (!wholeImages) {
        n = arith::DivUIOp::create(nb, loc, run, idx.constant(shape.inputH));
        h = arith::RemUIOp::create(nb, loc, run, idx.constant(shape.inputH));
      }
      Value row = idx.add(idx.mul(n, paddedH), p[0]);
      if (h)
        row = idx.add(row, h);
      Value to = idx.add(idx.mul(row, paddedW * paddedC), p[2] * paddedC);
      return flipSignBits(nb, loc, flat, idx.mul(run, runBytes), into, to,
                          runBytes, vectorBytes);
    };
    if (runs == 1)
      return flipRun(b, c(0), padded);
    return scf::ForOp::create(
               b, loc, c(0), c(runs), c(1), ValueRange{padded},
               [&](OpBuilder &nb, Location, Value run, ValueRange args) {
                 scf::YieldOp::create(nb, loc, flipRun(nb, run, args[0]));
               })
        .getResult(0);
  }
  if (flip)
    x = tensor::ExpandShapeOp::create(
        b, loc, type, flipAll(x),
        SmallVector<ReassociationIndices>{{0, 1, 2, 3}});
  if (pads) {
    SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(p[0]),
                                     b.getIndexAttr(p[2]), b.getIndexAttr(0)};
    SmallVector<OpFoldResult> high = {b.getIndexAttr(0),
                                      b.getIndexAttr(p[1] + extraRows),
                                      b.getIndexAttr(p[3]),
                                      b.getIndexAttr(channelPad)};
    // Padded channels meet zero weights, so any value serves.
    Value pad =
        arith::ConstantOp::create(b, loc, b.getIntegerAttr(element, padValue));
    auto paddedType = RankedTensorType::get(
        {shape.batch, paddedH, paddedW, paddedC}, element);
    x = tensor::PadOp::create(b, loc, paddedType, x, low, high, pad);
  }
  return collapse(x);
}

namespace {
/// Builds `scf.for lb..ub step 1` carrying `init`, with `body(iv, args)`
/// returning the values to yield.
SmallVector<Value> buildLoop(
    OpBuilder &b, Location loc, int64_t lb, int64_t ub, ValueRange init,
    function_ref<SmallVector<Value>(OpBuilder &, Value, ValueRange)> body) {
  IndexBuilder idx{b, loc};
  auto loop = scf::ForOp::create(
      b, loc, idx.constant(lb), idx.constant(ub), idx.constant(1), init,
      [&](OpBuilder &nb, Location nloc, Value iv, ValueRange args) {
        scf::YieldOp::create(nb, nloc, body(nb, iv, args));
      });
  return loop.getResults();
}

/// cvtps2dq on 16 or 8 f32 lanes: rounds half to even, as fp32's rescale
/// does, where LLVM lowers math.roundeven and arith.fptosi to two
/// instructions. The AVX-512 form states its rounding ({rn-sae}); the AVX
/// form reads MXCSR, whose default rounding the float arithmetic before it
/// assumes as well.
Value emitX86Cvtps2dq(OpBuilder &b, Location loc, Operation *user, Value f) {
  auto type = cast<VectorType>(f.getType());
  VectorType result = type.clone(b.getI32Type());
  if (type.getNumElements() == 8) {
    StringRef name = "llvm.x86.avx.cvt.ps2dq.256";
    declareIntrinsic(b, user, name, b.getFunctionType({type}, result));
    return callIntrinsic(b, loc, name, result, {f});
  }
  assert(type.getNumElements() == 16 && "cvtps2dq on 8 or 16 lanes");
  StringRef name = "llvm.x86.avx512.mask.cvtps2dq.512";
  Type mask = b.getI16Type(), rounding = b.getI32Type();
  declareIntrinsic(b, user, name,
                   b.getFunctionType({type, result, mask, rounding}, result));
  // Every lane is written, so the pass-through is never read; 8 is
  // _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC.
  Value passThrough = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(result, b.getI32IntegerAttr(0)));
  Value all = arith::ConstantOp::create(b, loc, b.getIntegerAttr(mask, -1));
  Value nearestEven =
      arith::ConstantOp::create(b, loc, b.getIntegerAttr(rounding, 8));
  return callIntrinsic(b, loc, name, result,
                       {f, passThrough, all, nearestEven});
}

/// The rescale of one block of accumulators: parameters that every channel
/// shares are splat constants, the others are read from constant tensors at
/// the block's first channel.
class BlockRescale {
public:
  /// The intrinsics the rescale calls are declared in the symbol table
  /// around `user`.
  BlockRescale(OpBuilder &b, Location loc, Operation *user,
               const RescaleParams &params, int64_t channels, int64_t lanes,
               const CodegenInfo &info)
      : params(params), scheme(getRescaleScheme(params, /*inputWidth=*/32)),
        lanes(lanes), evenOddProducts(prefersEvenOddProducts(info)),
        wideShifts(evenOddProducts && info.vectorBits == 512),
        neon(isNeon(info)), cvtps2dq(hasCvtps2dq(info, lanes)), user(user) {
    for (RescaleParam param : getSchemeParams(scheme)) {
      Type element = getParamType(b, scheme, param);
      Value value;
      if (isUniformParam(params, scheme, param)) {
        value = arith::ConstantOp::create(
            b, loc,
            DenseElementsAttr::get(
                VectorType::get({lanes}, element),
                getChannelParamAttr(b, params, scheme, param, 0)));
      } else {
        SmallVector<Attribute> values;
        for (int64_t c = 0; c < channels; ++c)
          values.push_back(getChannelParamAttr(b, params, scheme, param, c));
        value = arith::ConstantOp::create(
            b, loc,
            DenseElementsAttr::get(RankedTensorType::get({channels}, element),
                                   values));
      }
      sources.push_back({param, value});
    }
  }

  /// The rescaled int8 vector of `acc`, the accumulators of the channels
  /// from `channel` on; lane i of `acc` holds channel `channel +
  /// laneChannels[i]` where given (the smmla kernel's 2 x 2 tiles).
  Value emit(OpBuilder &b, Location loc, Value acc, Value channel,
             Type resultElement, ArrayRef<int64_t> laneChannels = {}) const {
    ArrayRef<int64_t> spread[] = {laneChannels};
    return withOps(
        b, loc, channel,
        laneChannels.empty() ? ArrayRef<ArrayRef<int64_t>>()
                             : ArrayRef(spread),
        [&](GetParam getParam, const RescaleVectorOps &ops) {
          return emitRescale(
              b, loc, params, acc, resultElement,
              [&](RescaleParam param) { return getParam(0, param); }, ops);
        });
  }

  /// emit() of each of `accs`, from `channels[i]` on with
  /// `laneChannels[i]`, concatenated; NEON narrows pairs of blocks together
  /// (emitRescaleConcat).
  Value emitConcat(OpBuilder &b, Location loc, ValueRange accs,
                   ValueRange channels, Type resultElement,
                   ArrayRef<ArrayRef<int64_t>> laneChannels = {}) const {
    return withOps(b, loc, channels, laneChannels,
                   [&](GetParam getParam, const RescaleVectorOps &ops) {
                     return emitRescaleConcat(b, loc, params, accs,
                                              resultElement, getParam, ops);
                   });
  }

  /// Whether a pixel's blocks are best rescaled together (emitConcat): NEON
  /// narrows two blocks in one instruction, x86 stores each block alone.
  bool joinsBlocks() const { return neon; }

private:
  using GetParam = function_ref<Value(unsigned, RescaleParam)>;

  /// Calls `emit` with the parameters of the blocks from `channels[i]` on
  /// (spread as `laneChannels[i]` where given) and the target's vector ops.
  Value withOps(OpBuilder &b, Location loc, ValueRange channels,
                ArrayRef<ArrayRef<int64_t>> laneChannels,
                function_ref<Value(GetParam, const RescaleVectorOps &)> emit)
      const {
    auto getParam = [&](unsigned i, RescaleParam param) -> Value {
      for (auto [candidate, value] : sources) {
        if (candidate != param)
          continue;
        if (isa<VectorType>(value.getType()))
          return value;
        Type element = cast<ShapedType>(value.getType()).getElementType();
        Value pad = arith::ConstantOp::create(b, loc, b.getZeroAttr(element));
        Value block = vector::TransferReadOp::create(
            b, loc, VectorType::get({lanes}, element), value,
            ValueRange{channels[i]}, pad, ArrayRef<bool>{true});
        if (laneChannels.empty())
          return block;
        return vector::ShuffleOp::create(b, loc, block, block,
                                         laneChannels[i]);
      }
      llvm_unreachable("not a parameter of this scheme");
    };
    RescaleVectorOps vectorOps;
    vectorOps.evenOddProducts = evenOddProducts;
    auto call = [&](StringRef name, Type type, ValueRange operands) {
      declareIntrinsic(b, user, name,
                       b.getFunctionType(ValueRange(operands).getTypes(),
                                         type));
      return callIntrinsic(b, loc, name, type, operands);
    };
    if (neon)
      vectorOps.neonIntrinsic = call;
    auto toI32 = [&](Value f) { return emitX86Cvtps2dq(b, loc, user, f); };
    if (cvtps2dq)
      vectorOps.fp32ToI32 = toI32;
    vectorOps.wideShifts = wideShifts;
    return emit(getParam, vectorOps);
  }

  /// x86 multiplies pairs of i32 lanes into i64 (vpmuldq) and has no
  /// widening multiply.
  static bool prefersEvenOddProducts(const CodegenInfo &info) {
    return info.int8Dot == Int8Dot::vpdpbusd || info.int8Dot == Int8Dot::pmadd;
  }
  /// AArch64 has the saturating and rounding instructions of gemmlowp's
  /// arithmetic, which arith on i64 lanes lowers to three times as many.
  static bool isNeon(const CodegenInfo &info) {
    return info.int8Dot == Int8Dot::sdot || info.int8Dot == Int8Dot::smmla ||
           info.int8Dot == Int8Dot::smull;
  }

  /// emitX86Cvtps2dq's widths: AVX-512 for 16 lanes, AVX for 8.
  static bool hasCvtps2dq(const CodegenInfo &info, int64_t lanes) {
    return prefersEvenOddProducts(info) &&
           ((lanes == 16 && info.vectorBits == 512) ||
            (lanes == 8 && info.vectorBits >= 256));
  }

  RescaleParams params;
  RescaleScheme scheme;
  int64_t lanes;
  bool evenOddProducts, wideShifts, neon, cvtps2dq;
  Operation *user;
  SmallVector<std::pair<RescaleParam, Value>> sources;
};

/// The packed weights, the bias with the unsigned-input correction, and the
/// input made ready for the kernel.
class ConvKernelEmitter {
public:
  ConvKernelEmitter(const ConvKernelPlan &plan, RewriterBase &rewriter)
      : plan(plan), shape(this->plan.shape), schedule(this->plan.schedule),
        b(rewriter), loc(this->plan.operands.rescale.getLoc()) {}

  Value emit(const Int8Microkernel &kernel);

private:
  int64_t lanes() const { return schedule.kernel.lanes; }
  int64_t group() const { return schedule.kernel.reductionGroup; }
  int64_t groupsPerPixel() const { return schedule.paddedInputC / group(); }
  /// The last step of a packed kernel row reads up to group() - 1 values past
  /// the row's run, and a load serving several steps as many more: input
  /// rows at the bottom (one, unless rows are narrower than the over-read)
  /// keep every read inside the buffer.
  int64_t extraRows() const {
    if (!schedule.packedRows)
      return 0;
    int64_t overRead = group() * schedule.kernel.groupsPerInputLoad;
    int64_t rowValues =
        (shape.inputW + shape.padding[2] + shape.padding[3]) * shape.inputC;
    return (overRead + rowValues - 1) / rowValues;
  }

  Value packWeights(const Int8Microkernel &kernel);
  Value buildBias(const Int8Microkernel &kernel);
  Value prepareInput(const Int8Microkernel &kernel);
  /// Where a tile's pixels are and which taps they take: a run of pixels
  /// along an output row (every kernel column, the kernel rows of the row),
  /// or down a border column (the kernel columns inside the image
  /// [firstColumn, endColumn), every kernel row, the bias of strip
  /// `stripIndex`).
  struct TilePlace {
    SmallVector<Value> oh, ow;
    int64_t blocks = 0;
    bool strip = false;
    int64_t stripIndex = 0, firstColumn = 0, endColumn = 0;
  };
  Value emitTile(const Int8Microkernel &kernel, Value output, Value n,
                 const TilePlace &place, Value kb0);
  Value buildStripBias(const Int8Microkernel &kernel);
  /// smmla's kernels (pixelsPerDot = 2): the input as pixel pairs, and the
  /// tile as 2 x 2 tiles of (pixel, output channel).
  bool pairsPixels() const { return schedule.kernel.pixelsPerDot == 2; }
  int64_t paddedW() const {
    return shape.inputW + shape.padding[2] + shape.padding[3];
  }
  int64_t paddedH() const {
    return shape.inputH + shape.padding[0] + shape.padding[1] + extraRows();
  }
  /// Pair positions per input row: a pair starts at every column that has a
  /// partner strideW columns to its right.
  int64_t pairColumns() const { return paddedW() - shape.strideW; }
  Value packPixelPairs(Value padded);
  /// The border columns' input as vertical pixel pairs (smmla strips).
  Value packColumnPairs(Value padded);
  /// Writes into `dest` from `out` the pixel pairs of every step of 8
  /// channels: the pixel at `first` of `padded`, then the one at `second`.
  Value writePixelPairs(Value padded, Value first, Value second, Value out,
                        Value dest);
  /// The output columns outside the interior, which strips compute.
  SmallVector<int64_t> getBorderColumns() const;
  /// Kernel columns of the widest strip: the row length of
  /// packColumnPairs's copy.
  int64_t stripColumns() const;
  /// The kernel rows [first, end) of output row `oh` whose input rows are in
  /// the image, not in its top or bottom padding.
  std::pair<int64_t, int64_t> getImageKernelRows(int64_t oh) const;
  /// The offset of a block's bias: per output row where border rows skip
  /// the kernel rows that read padding.
  Value getBiasOffset(Value oh, Value kb) const;
  /// The offset of the weights of kernel row `r` in each block of the tile's
  /// `blocks` from `kb0`.
  SmallVector<Value> getWeightBases(Value kb0, int64_t blocks, Value r) const;
  /// The bias of each block of the tile's `blocks` from `kb0` in output row
  /// `oh`, or in border column strip `stripIndex` (buildStripBias's), one
  /// vector per block.
  SmallVector<Value>
  loadBlockBiases(const Int8Microkernel &kernel, Value oh, Value kb0,
                  int64_t blocks,
                  std::optional<int64_t> stripIndex = std::nullopt) const;
  /// The values of a step of one block's weights.
  int64_t stepWeights() const { return lanes() * group(); }
  /// The kernel-row loop of output row `oh`.
  SmallVector<Value> buildKernelRowLoop(
      Value oh, ValueRange init,
      function_ref<SmallVector<Value>(OpBuilder &, Value, ValueRange)> body);
  Value emitPairedTile(const Int8Microkernel &kernel, Value output, Value n,
                       const TilePlace &place, Value kb0);
  /// The lane-sum kernels (accumulatorsPerBlock > 1): one accumulator per
  /// (pixel, output channel), summed across lanes before the rescale.
  bool sumsLanes() const { return schedule.kernel.accumulatorsPerBlock > 1; }
  Value emitLaneSumTile(const Int8Microkernel &kernel, Value output, Value n,
                        Value oh, Value ow0, Value kb0, int64_t pixels,
                        int64_t blocks);

  ConvKernelPlan plan;
  const ConvShape &shape;
  const ConvSchedule &schedule;
  RewriterBase &b;
  Location loc;
  Value input, weights, bias;
  /// smmla's strips: packColumnPairs's copy.
  Value stripInput;
  /// Whether output rows skip the kernel rows that read the padding above
  /// and below the image, and then their [first, end) per output row.
  bool skipsPaddingRows = false;
  Value rowFirst, rowEnd;
  /// The bias of each border column's strip: every kernel row, the kernel
  /// columns that read padding skipped.
  Value stripBias;
  std::unique_ptr<BlockRescale> rescale;
};
} // namespace

Value ConvKernelEmitter::packWeights(const Int8Microkernel &kernel) {
  unsigned bits = kernel.getOperandBits();
  SmallVector<APInt> packed(schedule.outputBlocks * shape.kernelH *
                                schedule.rowSteps * lanes() * group(),
                            APInt(bits, 0));
  auto values = plan.operands.filter.getValues<APInt>();
  auto it = values.begin();
  // Weight (k, r, s, c) is value `v` of its kernel row's run: s * C + c when
  // the rows are packed, s * paddedC + c otherwise; step v / group, slot
  // v % group.
  for (int64_t k = 0; k < shape.outputC; ++k)
    for (int64_t r = 0; r < shape.kernelH; ++r)
      for (int64_t s = 0; s < shape.kernelW; ++s)
        for (int64_t c = 0; c < shape.inputC; ++c, ++it) {
          int64_t block = k / lanes(), lane = k % lanes();
          int64_t v = s * schedule.paddedInputC + c;
          int64_t step = v / group(), j = v % group();
          int64_t offset =
              (((block * shape.kernelH + r) * schedule.rowSteps + step) *
                   lanes() +
               lane) *
                  group() +
              j;
          packed[offset] = (*it).sext(bits);
        }
  auto type = RankedTensorType::get({static_cast<int64_t>(packed.size())},
                                    b.getIntegerType(bits));
  return arith::ConstantOp::create(b, loc,
                                   DenseElementsAttr::get(type, packed));
}

/// The constant the kernel adds to every input value: +128 where signed bytes
/// are read as unsigned, -128 where unsigned bytes are read as signed, else 0.
static int64_t getInputShift(const Int8Microkernel &kernel, IntConv2DOp conv) {
  using Signedness = Int8Microkernel::InputSignedness;
  Signedness wanted = kernel.getInputSignedness();
  if (kernel.getOperandBits() != 8 || wanted == Signedness::any)
    return 0;
  bool isUnsigned = conv.getInputUnsigned();
  if (wanted == Signedness::unsignedBytes && !isUnsigned)
    return 128;
  if (wanted == Signedness::signedBytes && isUnsigned)
    return -128;
  return 0;
}

std::pair<int64_t, int64_t>
ConvKernelEmitter::getImageKernelRows(int64_t oh) const {
  return getImageTaps(oh, shape.strideH, shape.dilationH, shape.kernelH,
                      shape.padding[0], shape.inputH);
}

Value ConvKernelEmitter::buildBias(const Int8Microkernel &kernel) {
  int64_t inputShift = getInputShift(kernel, plan.operands.conv);
  int64_t channels = schedule.outputBlocks * lanes();
  auto biasValues = plan.operands.bias.getValues<APInt>();
  auto filterValues = plan.operands.filter.getValues<APInt>();
  int64_t rowValues = shape.kernelW * shape.inputC;
  // Sums of each output channel's weights, per kernel row.
  SmallVector<int64_t> rowSums(shape.outputC * shape.kernelH, 0);
  auto w = filterValues.begin();
  for (int64_t k = 0; k < shape.outputC; ++k)
    for (int64_t r = 0; r < shape.kernelH; ++r)
      for (int64_t i = 0; i < rowValues; ++i, ++w)
        rowSums[k * shape.kernelH + r] += (*w).getSExtValue();

  // Output rows whose kernel rows reach into the padding above or below the
  // image skip those rows: nine taps in every 21 of a 7x7 layer with one row
  // of padding. A skipped tap would have added pad * w (the pad value as the
  // kernel reads it), which goes into a bias per output row instead.
  int64_t rows = 1;
  int64_t padTop = shape.padding[0], padBottom = shape.padding[1];
  int64_t skippedRows = 0;
  for (int64_t oh = 0; oh < shape.outputH; ++oh) {
    auto [first, end] = getImageKernelRows(oh);
    skippedRows += shape.kernelH - (end - first);
  }
  // The per-row bias costs outputH x channels words; beyond 64K of them the
  // rows are not skipped. Nor where they save under 1% of the kernel rows:
  // the kernel-row loop's bounds are then loaded rather than constant, which
  // costs more than that where LLVM no longer unrolls it (a 224x224 stem
  // with stride 2 skips one row in 336 and ran 10% slower).
  skipsPaddingRows = (padTop || padBottom) && skippedRows > 0 &&
                     100 * skippedRows >= shape.outputH * shape.kernelH &&
                     shape.outputH * channels <= (int64_t(1) << 16);
  if (skipsPaddingRows)
    rows = shape.outputH;
  int64_t pad = plan.operands.conv.getPadValue() + inputShift;

  SmallVector<int32_t> values(rows * channels, 0);
  SmallVector<int32_t> firstRows, endRows;
  for (int64_t oh = 0; oh < rows; ++oh) {
    auto [first, end] =
        skipsPaddingRows ? getImageKernelRows(oh)
                         : std::pair<int64_t, int64_t>{0, shape.kernelH};
    firstRows.push_back(first);
    endRows.push_back(end);
    for (int64_t k = 0; k < shape.outputC; ++k) {
      int64_t sum = 0, skipped = 0;
      for (int64_t r = 0; r < shape.kernelH; ++r) {
        sum += rowSums[k * shape.kernelH + r];
        if (r < first || r >= end)
          skipped += rowSums[k * shape.kernelH + r];
      }
      // x + shift in place of x adds shift * sum(w) to the accumulator.
      int64_t corrected =
          biasValues[k].getSExtValue() - inputShift * sum + pad * skipped;
      values[oh * channels + k] = static_cast<int32_t>(corrected);
    }
  }
  if (skipsPaddingRows) {
    auto rowsType = RankedTensorType::get({rows}, b.getI32Type());
    rowFirst = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(rowsType, ArrayRef<int32_t>(firstRows)));
    rowEnd = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(rowsType, ArrayRef<int32_t>(endRows)));
  }
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    b.getI32Type());
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, ArrayRef<int32_t>(values)));
}

Value ConvKernelEmitter::getBiasOffset(Value oh, Value kb) const {
  IndexBuilder idx{b, loc};
  Value channel = idx.mul(kb, lanes());
  if (!skipsPaddingRows)
    return channel;
  return idx.add(idx.mul(oh, schedule.outputBlocks * lanes()), channel);
}

SmallVector<Value> ConvKernelEmitter::getWeightBases(Value kb0,
                                                     int64_t blocks,
                                                     Value r) const {
  IndexBuilder idx{b, loc};
  int64_t blockWeights = shape.kernelH * schedule.rowSteps * stepWeights();
  SmallVector<Value> bases;
  for (int64_t j = 0; j < blocks; ++j)
    bases.push_back(idx.add(idx.mul(idx.add(kb0, j), blockWeights),
                            idx.mul(r, schedule.rowSteps * stepWeights())));
  return bases;
}

SmallVector<Value>
ConvKernelEmitter::loadBlockBiases(const Int8Microkernel &kernel, Value oh,
                                   Value kb0, int64_t blocks,
                                   std::optional<int64_t> stripIndex) const {
  IndexBuilder idx{b, loc};
  SmallVector<Value> biases;
  for (int64_t j = 0; j < blocks; ++j) {
    Value kb = idx.add(kb0, j);
    if (stripIndex)
      biases.push_back(kernel.loadBias(
          b, loc, stripBias,
          idx.add(idx.mul(kb, lanes()),
                  *stripIndex * schedule.outputBlocks * lanes())));
    else
      biases.push_back(kernel.loadBias(b, loc, bias, getBiasOffset(oh, kb)));
  }
  return biases;
}

SmallVector<Value> ConvKernelEmitter::buildKernelRowLoop(
    Value oh, ValueRange init,
    function_ref<SmallVector<Value>(OpBuilder &, Value, ValueRange)> body) {
  if (!skipsPaddingRows)
    return buildLoop(b, loc, 0, shape.kernelH, init, body);
  auto bound = [&](Value table) -> Value {
    Value value = tensor::ExtractOp::create(b, loc, table, ValueRange{oh});
    return arith::IndexCastOp::create(b, loc, b.getIndexType(), value);
  };
  IndexBuilder idx{b, loc};
  auto loop = scf::ForOp::create(
      b, loc, bound(rowFirst), bound(rowEnd), idx.constant(1), init,
      [&](OpBuilder &nb, Location nloc, Value iv, ValueRange args) {
        scf::YieldOp::create(nb, nloc, body(nb, iv, args));
      });
  return loop.getResults();
}

Value ConvKernelEmitter::prepareInput(const Int8Microkernel &kernel) {
  Value padded = prepareConvInput(b, loc, plan.operands.conv, shape,
                                  schedule.paddedInputC,
                                  kernel.getOperandBits(),
                                  getInputShift(kernel, plan.operands.conv),
                                  plan.info.vectorBits / 8, extraRows());
  if (!pairsPixels())
    return padded;
  if (schedule.columnStrips)
    stripInput = packColumnPairs(padded);
  return packPixelPairs(padded);
}

SmallVector<int64_t> ConvKernelEmitter::getBorderColumns() const {
  SmallVector<int64_t> columns;
  for (int64_t ow = 0; ow < shape.outputW; ++ow)
    if (ow < schedule.interiorFirst || ow >= schedule.interiorEnd)
      columns.push_back(ow);
  return columns;
}

int64_t ConvKernelEmitter::stripColumns() const {
  int64_t columns = 0;
  for (int64_t ow : getBorderColumns()) {
    auto [first, end] = getImageKernelColumns(shape, ow);
    columns = std::max(columns, end - first);
  }
  return columns;
}

/// The padded input of each border column's strip as [strip][image][row a]
/// [kernel column t][step g][row a, row a + strideH][8 bytes]: a strip's
/// vertical pixel pair (y, y + 1) reads rows a = y * strideH + r *
/// dilationH and a + strideH at kernel row r, in the columns of its kernel
/// columns inside the image; per row the (column, step) positions are one
/// run, as packPixelPairs's are.
Value ConvKernelEmitter::packColumnPairs(Value padded) {
  IndexBuilder idx{b, loc};
  constexpr int64_t kHalf = 8;
  int64_t paddedC = schedule.paddedInputC;
  int64_t steps = paddedC / kHalf;
  int64_t pairRows = paddedH() - shape.strideH;
  int64_t columns = stripColumns();
  // The padded column of each strip's first kernel column, and how many.
  SmallVector<std::pair<int64_t, int64_t>> strips;
  for (int64_t ow : getBorderColumns()) {
    auto [first, end] = getImageKernelColumns(shape, ow);
    strips.push_back(
        {ow * shape.strideW + first * shape.dilationW, end - first});
  }
  int64_t stripElems = shape.batch * pairRows * columns * steps * 2 * kHalf;
  Value packed = tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{static_cast<int64_t>(strips.size()) *
                                stripElems},
      b.getI8Type());
  for (auto [index, strip] : llvm::enumerate(strips)) {
    int64_t column = strip.first, count = strip.second;
    int64_t stripIndex = index;
    packed = buildLoop(
        b, loc, 0, shape.batch * pairRows, packed,
        [&](OpBuilder &, Value nr, ValueRange a0) {
          // Image n, pair row a: nr = n * pairRows + a.
          Value n = arith::DivUIOp::create(b, loc, nr, idx.constant(pairRows));
          Value a = arith::RemUIOp::create(b, loc, nr, idx.constant(pairRows));
          Value row = idx.add(idx.mul(n, paddedH()), a);
          SmallVector<Value> result(a0);
          for (int64_t t = 0; t < count; ++t) {
            Value first = idx.mul(
                idx.add(idx.mul(row, paddedW()),
                        column + t * shape.dilationW),
                paddedC);
            Value second = idx.add(first, shape.strideH * paddedW() * paddedC);
            Value out = idx.mul(
                idx.add(idx.mul(idx.add(nr, stripIndex * shape.batch * pairRows),
                                columns),
                        t),
                steps * 2 * kHalf);
            result = {writePixelPairs(padded, first, second, out, result[0])};
          }
          return result;
        })[0];
  }
  return packed;
}

Value ConvKernelEmitter::writePixelPairs(Value padded, Value first,
                                         Value second, Value out,
                                         Value dest) {
  IndexBuilder idx{b, loc};
  constexpr int64_t kHalf = 8;
  SmallVector<int64_t> concat;
  for (int64_t i = 0; i < 2 * kHalf; ++i)
    concat.push_back(i);
  return buildLoop(
             b, loc, 0, schedule.paddedInputC / kHalf, dest,
             [&](OpBuilder &, Value g, ValueRange a) {
               Value at = idx.mul(g, kHalf);
               Value lo = microkernels::readVector(b, loc, padded,
                                                   idx.add(first, at), kHalf);
               Value hi = microkernels::readVector(b, loc, padded,
                                                   idx.add(second, at), kHalf);
               Value pair = vector::ShuffleOp::create(b, loc, lo, hi, concat);
               Value offset = idx.add(out, idx.mul(g, 2 * kHalf));
               return SmallVector<Value>{
                   vector::TransferWriteOp::create(b, loc, pair, a[0],
                                                   ValueRange{offset},
                                                   ArrayRef<bool>{true})
                       .getResult()};
             })
      .front();
}

/// The padded input as [row][column j][step g][pixel j, pixel j + strideW]
/// [8 bytes]: the two pixels of every pair a tile multiplies at a kernel tap
/// (x and x + 1 read columns j = x * strideW + s * dilationW and j +
/// strideW) are one 16-byte load per step, the smmla operand, where
/// combining two 8-byte loads would cost a vector instruction per step. The
/// pairs overlap (each pixel is in two), so the copy is twice the input;
/// along a pair row the (column, step) positions stay one contiguous run, as
/// in the padded input.
Value ConvKernelEmitter::packPixelPairs(Value padded) {
  IndexBuilder idx{b, loc};
  constexpr int64_t kHalf = 8;
  int64_t paddedC = schedule.paddedInputC;
  int64_t steps = paddedC / kHalf;
  int64_t rows = shape.batch * paddedH();
  int64_t pairW = pairColumns();
  Type i8 = b.getI8Type();
  Value packed = tensor::EmptyOp::create(
      b, loc, ArrayRef<int64_t>{rows * pairW * steps * 2 * kHalf}, i8);
  return buildLoop(
             b, loc, 0, rows, packed,
             [&](OpBuilder &, Value row, ValueRange a0) {
               return buildLoop(
                   b, loc, 0, pairW, a0,
                   [&](OpBuilder &, Value j, ValueRange a1) {
                     Value first = idx.mul(
                         idx.add(idx.mul(row, paddedW()), j), paddedC);
                     Value second = idx.add(first, shape.strideW * paddedC);
                     Value out = idx.mul(idx.add(idx.mul(row, pairW), j),
                                         steps * 2 * kHalf);
                     return SmallVector<Value>{
                         writePixelPairs(padded, first, second, out, a1[0])};
                   });
             })
      .front();
}

/// One accumulator per (pixel, output channel), its lanes partial sums of
/// the channel: it starts at [bias, 0, 0, 0], each step of 16 input values
/// multiplies the pixel's 16 input bytes by the channel's 16 weights into it,
/// and the four channels of a block are summed across lanes into the vector
/// the dense kernels' rescale takes.
Value ConvKernelEmitter::emitLaneSumTile(const Int8Microkernel &kernel,
                                         Value output, Value n, Value oh,
                                         Value ow0, Value kb0, int64_t pixels,
                                         int64_t blocks) {
  IndexBuilder idx{b, loc};
  int64_t channels = blocks * lanes();
  int64_t rowElems = paddedW() * schedule.paddedInputC;

  SmallVector<Value> channelBias;
  auto i32x4 = VectorType::get({lanes()}, b.getI32Type());
  Value zero = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(i32x4, b.getI32IntegerAttr(0)));
  for (Value v : loadBlockBiases(kernel, oh, kb0, blocks)) {
    for (int64_t c = 0; c < lanes(); ++c)
      channelBias.push_back(vector::ShuffleOp::create(
          b, loc, v, zero, ArrayRef<int64_t>{c, 4, 5, 6}));
  }
  SmallVector<Value> acc;
  for (int64_t m = 0; m < pixels; ++m)
    acc.append(channelBias.begin(), channelBias.end());

  Value inRow0 = idx.add(idx.mul(n, paddedH()), idx.mul(oh, shape.strideH));
  acc = buildKernelRowLoop(
      oh, acc,
      [&](OpBuilder &, Value r, ValueRange rowAcc) -> SmallVector<Value> {
        Value row = idx.add(inRow0, idx.mul(r, shape.dilationH));
        SmallVector<Value> pixelBase;
        for (int64_t m = 0; m < pixels; ++m)
          pixelBase.push_back(idx.add(
              idx.mul(row, rowElems),
              idx.mul(idx.mul(idx.add(ow0, m), shape.strideW),
                      schedule.paddedInputC)));
        SmallVector<Value> weightBase = getWeightBases(kb0, blocks, r);
        auto step = [&](ValueRange stepAcc, Value inOffset,
                        Value weightOffset) {
          SmallVector<Value> x, w;
          for (int64_t m = 0; m < pixels; ++m)
            x.push_back(kernel.loadInputGroup(
                b, loc, input, idx.add(pixelBase[m], inOffset)));
          for (int64_t j = 0; j < blocks; ++j)
            for (int64_t c = 0; c < lanes(); ++c)
              w.push_back(kernel.loadWeights(
                  b, loc, weights,
                  idx.add(idx.add(weightBase[j], weightOffset),
                          c * group())));
          SmallVector<Value> next(stepAcc);
          for (int64_t m = 0; m < pixels; ++m)
            for (int64_t c = 0; c < channels; ++c)
              next[m * channels + c] =
                  kernel.dot(b, loc, next[m * channels + c], x[m], w[c]);
          return next;
        };
        auto run = [&](ValueRange runAcc, Value in0, Value w0, int64_t total) {
          auto at = [&](Value base, Value g, int64_t scale) {
            Value offset = idx.mul(g, scale);
            return base ? idx.add(base, offset) : offset;
          };
          return buildLoop(b, loc, 0, total, runAcc,
                           [&](OpBuilder &, Value g, ValueRange a) {
                             return step(a, at(in0, g, group()),
                                         at(w0, g, stepWeights()));
                           });
        };
        if (shape.dilationW == 1)
          return run(rowAcc, Value(), Value(), schedule.rowSteps);
        return buildLoop(
            b, loc, 0, shape.kernelW, rowAcc,
            [&](OpBuilder &, Value s, ValueRange colAcc) {
              Value inCol = idx.mul(s, shape.dilationW * schedule.paddedInputC);
              Value wCol = idx.mul(s, groupsPerPixel() * stepWeights());
              return run(colAcc, inCol, wCol, groupsPerPixel());
            });
      });

  bool exactBlocks = shape.outputC % lanes() == 0;
  SmallVector<Value> blockChannels;
  for (int64_t j = 0; j < blocks; ++j)
    blockChannels.push_back(idx.mul(idx.add(kb0, j), lanes()));
  for (int64_t m = 0; m < pixels; ++m) {
    SmallVector<Value> sums;
    for (int64_t j = 0; j < blocks; ++j) {
      auto first = acc.begin() + m * channels + j * lanes();
      sums.push_back(kernel.sumLanes(
          b, loc, SmallVector<Value>(first, first + lanes())));
    }
    Value y = rescale->emitConcat(b, loc, sums, blockChannels, b.getI8Type());
    SmallVector<Value> indices = {n, oh, idx.add(ow0, m),
                                  blockChannels.front()};
    output = vector::TransferWriteOp::create(b, loc, y, output, indices,
                                             ArrayRef<bool>{exactBlocks})
                 .getResult();
  }
  return output;
}

/// The tile as (pixel pair q, channel pair) accumulators holding
/// [p0 c0, p0 c1, p1 c0, p1 c1], two per block of four channels; one smmla
/// per accumulator and step of 8 input channels. Before the epilogue each
/// pixel's block is gathered back into one vector [c0, c1, c2, c3] (zip1 /
/// zip2 of the block's two accumulators), which the dense kernels'
/// requantization and stores take unchanged.
Value ConvKernelEmitter::emitPairedTile(const Int8Microkernel &kernel,
                                        Value output, Value n,
                                        const TilePlace &place, Value kb0) {
  IndexBuilder idx{b, loc};
  int64_t pairs = static_cast<int64_t>(place.oh.size()) / 2;
  int64_t blocks = place.blocks;
  int64_t channelPairs = 2 * blocks;
  int64_t pairBytes = 2 * group();
  int64_t gpp = groupsPerPixel();
  int64_t pairRowElems = pairColumns() * gpp * pairBytes;
  Value oh = place.oh[0];

  // Accumulators start at the bias, laid out as the 2 x 2 tiles; a strip's
  // is its column's, with the kernel columns that read padding skipped.
  SmallVector<Value> blockBias = loadBlockBiases(
      kernel, oh, kb0, blocks,
      place.strip ? std::optional(place.stripIndex) : std::nullopt);
  SmallVector<Value> pairBias;
  for (Value v : blockBias) {
    static constexpr int64_t kPairLanes[2][4] = {{0, 1, 0, 1}, {2, 3, 2, 3}};
    for (const auto &lanesOf : kPairLanes)
      pairBias.push_back(vector::ShuffleOp::create(b, loc, v, v, lanesOf));
  }
  SmallVector<Value> acc;
  for (int64_t q = 0; q < pairs; ++q)
    acc.append(pairBias.begin(), pairBias.end());

  // A strip's pairs are vertical, (y, y + 1) of its column, and take every
  // kernel row and its kernel columns inside the image, one run per row.
  int64_t stripPairRows = paddedH() - shape.strideH;
  int64_t runSteps = schedule.rowSteps, runStart = 0;
  if (place.strip) {
    runSteps = (place.endColumn - place.firstColumn) * gpp;
    runStart = place.firstColumn * gpp;
  }
  Value inRow0 = idx.add(idx.mul(n, paddedH()), idx.mul(oh, shape.strideH));
  auto rowBody = [&](OpBuilder &, Value r,
                     ValueRange rowAcc) -> SmallVector<Value> {
        Value row = idx.add(inRow0, idx.mul(r, shape.dilationH));
        SmallVector<Value> pairBase;
        for (int64_t q = 0; q < pairs; ++q) {
          if (place.strip) {
            Value pairRow = idx.add(
                idx.add(idx.mul(n, stripPairRows),
                        place.stripIndex * shape.batch * stripPairRows),
                idx.add(idx.mul(place.oh[2 * q], shape.strideH),
                        idx.mul(r, shape.dilationH)));
            pairBase.push_back(
                idx.mul(pairRow, stripColumns() * gpp * pairBytes));
            continue;
          }
          pairBase.push_back(idx.add(
              idx.mul(row, pairRowElems),
              idx.mul(idx.mul(place.ow[2 * q], shape.strideW),
                      gpp * pairBytes)));
        }
        SmallVector<Value> weightBase = getWeightBases(kb0, blocks, r);
        auto step = [&](ValueRange stepAcc, Value inOffset,
                        Value weightOffset) {
          SmallVector<Value> x, w;
          for (int64_t q = 0; q < pairs; ++q)
            x.push_back(kernel.loadInputGroup(
                b, loc, place.strip ? stripInput : input,
                idx.add(pairBase[q], inOffset)));
          for (int64_t j = 0; j < blocks; ++j)
            for (int64_t h = 0; h < 2; ++h)
              w.push_back(kernel.loadWeights(
                  b, loc, weights,
                  idx.add(idx.add(weightBase[j], weightOffset),
                          h * stepWeights() / 2)));
          SmallVector<Value> next(stepAcc);
          for (int64_t q = 0; q < pairs; ++q)
            for (int64_t c = 0; c < channelPairs; ++c)
              next[q * channelPairs + c] =
                  kernel.dot(b, loc, next[q * channelPairs + c], x[q], w[c]);
          return next;
        };
        // `total` steps from (in0, w0), two per iteration while they last.
        auto run = [&](ValueRange runAcc, Value in0, Value w0, int64_t total) {
          auto at = [&](Value base, Value g, int64_t scale) {
            Value offset = idx.mul(g, scale);
            return base ? idx.add(base, offset) : offset;
          };
          SmallVector<Value> result(runAcc);
          int64_t twice = total / 2;
          if (twice)
            result = buildLoop(
                b, loc, 0, twice, result,
                [&](OpBuilder &, Value g, ValueRange a) {
                  SmallVector<Value> next =
                      step(a, at(in0, g, 2 * pairBytes),
                           at(w0, g, 2 * stepWeights()));
                  return step(next,
                              idx.add(at(in0, g, 2 * pairBytes), pairBytes),
                              idx.add(at(w0, g, 2 * stepWeights()),
                                      stepWeights()));
                });
          if (total % 2)
            result = step(result, at(in0, idx.constant(total - 1), pairBytes),
                          at(w0, idx.constant(total - 1), stepWeights()));
          return result;
        };
        if (place.strip)
          return run(rowAcc, Value(),
                     runStart ? idx.constant(runStart * stepWeights())
                              : Value(),
                     runSteps);
        if (shape.dilationW == 1)
          return run(rowAcc, Value(), Value(), runSteps);
        return buildLoop(
            b, loc, 0, shape.kernelW, rowAcc,
            [&](OpBuilder &, Value s, ValueRange colAcc) {
              Value inCol = idx.mul(s, shape.dilationW * gpp * pairBytes);
              Value wCol = idx.mul(s, gpp * stepWeights());
              return run(colAcc, inCol, wCol, gpp);
            });
  };
  acc = place.strip ? buildLoop(b, loc, 0, shape.kernelH, acc, rowBody)
                    : buildKernelRowLoop(oh, acc, rowBody);

  // Each 2 x 2 tile is rescaled as it lies, with its channels' parameters
  // spread to match, and only the int8 results are gathered per pixel: a
  // gather of the i32 accumulators cost two instructions per pixel (LLVM
  // keeps both tiles for the second pixel: a copy and an insert), a fifth of
  // the whole layer's cycles outside its inner loop.
  bool exactBlocks = shape.outputC % lanes() == 0;
  // An odd number of blocks: each 2 x 2 tile is rescaled alone and the
  // pixels gathered from int8 vectors of four lanes (a vector of 32 bits
  // of i16 lanes would be built a lane at a time).
  if (blocks % 2 != 0) {
    for (int64_t q = 0; q < pairs; ++q)
      for (int64_t j = 0; j < blocks; ++j) {
        Value channel = idx.mul(idx.add(kb0, j), lanes());
        Value lo = rescale->emit(b, loc, acc[q * channelPairs + 2 * j],
                                 channel, b.getI8Type(), {0, 1, 0, 1});
        Value hi = rescale->emit(b, loc, acc[q * channelPairs + 2 * j + 1],
                                 channel, b.getI8Type(), {2, 3, 2, 3});
        for (int64_t h = 0; h < 2; ++h) {
          Value y = vector::ShuffleOp::create(
              b, loc, lo, hi,
              h == 0 ? ArrayRef<int64_t>{0, 1, 4, 5}
                     : ArrayRef<int64_t>{2, 3, 6, 7});
          SmallVector<Value> indices = {n, place.oh[2 * q + h],
                                        place.ow[2 * q + h], channel};
          output =
              vector::TransferWriteOp::create(b, loc, y, output, indices,
                                              ArrayRef<bool>{exactBlocks})
                  .getResult();
        }
      }
    return output;
  }
  // Otherwise a pixel pair's blocks are rescaled together, [p0 c0, p0 c1,
  // p1 c0, p1 c1, p0 c2, p0 c3, p1 c2, p1 c3] per block, and each pixel
  // takes every other pair of bytes: the even or odd lanes of i16 (uzp1,
  // uzp2), where a byte shuffle became a move per byte.
  static constexpr int64_t kPairLanes[2][4] = {{0, 1, 0, 1}, {2, 3, 2, 3}};
  SmallVector<Value> channels;
  SmallVector<ArrayRef<int64_t>> laneChannels;
  for (int64_t j = 0; j < blocks; ++j)
    for (const auto &lanesOf : kPairLanes) {
      channels.push_back(idx.mul(idx.add(kb0, j), lanes()));
      laneChannels.push_back(lanesOf);
    }
  for (int64_t q = 0; q < pairs; ++q) {
    Value pair = rescale->emitConcat(
        b, loc, ArrayRef(acc).slice(q * channelPairs, channelPairs), channels,
        b.getI8Type(), laneChannels);
    Value words = vector::BitCastOp::create(
        b, loc, VectorType::get({4 * blocks}, b.getI16Type()), pair);
    for (int64_t h = 0; h < 2; ++h) {
      SmallVector<int64_t> pixelLanes;
      for (int64_t i = 0; i < 2 * blocks; ++i)
        pixelLanes.push_back(2 * i + h);
      Value y = vector::BitCastOp::create(
          b, loc, VectorType::get({4 * blocks}, b.getI8Type()),
          vector::ShuffleOp::create(b, loc, words, words, pixelLanes));
      SmallVector<Value> indices = {n, place.oh[2 * q + h],
                                    place.ow[2 * q + h], channels.front()};
      output = vector::TransferWriteOp::create(b, loc, y, output, indices,
                                               ArrayRef<bool>{exactBlocks})
                   .getResult();
    }
  }
  return output;
}

Value ConvKernelEmitter::emitTile(const Int8Microkernel &kernel, Value output,
                                  Value n, const TilePlace &place, Value kb0) {
  IndexBuilder idx{b, loc};
  auto pixels = static_cast<int64_t>(place.oh.size());
  int64_t blocks = place.blocks;
  int64_t rowElems = paddedW() * schedule.paddedInputC;
  // With unit dilation a kernel row's (column, channel) values are one
  // contiguous run of the input row; a strip's run starts at its first
  // kernel column.
  bool contiguousRun = shape.dilationW == 1;
  int64_t runSteps = contiguousRun ? schedule.rowSteps : groupsPerPixel();
  int64_t runStart = 0;
  if (place.strip) {
    runStart = place.firstColumn * groupsPerPixel();
    runSteps = (place.endColumn - place.firstColumn) * groupsPerPixel();
  }
  // Accumulators start at the bias of their block.
  SmallVector<Value> acc;
  SmallVector<Value> blockBias = loadBlockBiases(
      kernel, place.oh[0], kb0, blocks,
      place.strip ? std::optional(place.stripIndex) : std::nullopt);
  for (int64_t m = 0; m < pixels; ++m)
    for (int64_t j = 0; j < blocks; ++j)
      acc.push_back(blockBias[j]);

  // Offsets of the first value each pixel reads in kernel row 0.
  SmallVector<Value> pixelBase0;
  for (int64_t m = 0; m < pixels; ++m)
    pixelBase0.push_back(idx.add(
        idx.mul(idx.add(idx.mul(n, paddedH()),
                        idx.mul(place.oh[m], shape.strideH)),
                rowElems),
        idx.mul(idx.mul(place.ow[m], shape.strideW), schedule.paddedInputC)));
  auto rowBody = [&](OpBuilder &, Value r,
                     ValueRange rowAcc) -> SmallVector<Value> {
        Value rowOffset = idx.mul(idx.mul(r, shape.dilationH), rowElems);
        SmallVector<Value> pixelBase;
        for (int64_t m = 0; m < pixels; ++m)
          pixelBase.push_back(idx.add(pixelBase0[m], rowOffset));
        SmallVector<Value> weightBase = getWeightBases(kb0, blocks, r);
        // `count` reduction steps from the offsets of the first: 1, or
        // groupsPerInputLoad steps sharing one input load per pixel.
        int64_t perLoad = schedule.kernel.groupsPerInputLoad;
        auto steps = [&](ValueRange stepAcc, Value inOffset, Value weightOffset,
                         int64_t count) {
          SmallVector<Value> a;
          for (int64_t m = 0; m < pixels; ++m) {
            Value offset = idx.add(pixelBase[m], inOffset);
            a.push_back(count == 1
                            ? kernel.loadInputGroup(b, loc, input, offset)
                            : kernel.loadInputGroups(b, loc, input, offset));
          }
          SmallVector<Value> next(stepAcc);
          for (int64_t k = 0; k < count; ++k) {
            SmallVector<Value> w;
            for (int64_t j = 0; j < blocks; ++j)
              w.push_back(kernel.loadWeights(
                  b, loc, weights,
                  idx.add(idx.add(weightBase[j], weightOffset),
                          k * lanes() * group())));
            for (int64_t m = 0; m < pixels; ++m) {
              Value x =
                  count == 1 ? a[m] : kernel.selectInputGroup(b, loc, a[m], k);
              for (int64_t j = 0; j < blocks; ++j)
                next[m * blocks + j] =
                    kernel.dot(b, loc, next[m * blocks + j], x, w[j]);
            }
          }
          return next;
        };
        // A run of `total` steps from (in0, w0), offsets from 0 when null:
        // perLoad steps at a time while they last, then one at a time.
        auto run = [&](ValueRange runAcc, Value in0, Value w0, int64_t total) {
          auto at = [&](Value base, Value g, int64_t scale) {
            Value offset = idx.mul(g, scale);
            return base ? idx.add(base, offset) : offset;
          };
          int64_t chunks = perLoad > 1 ? total / perLoad : 0;
          SmallVector<Value> result(runAcc);
          if (chunks)
            result = buildLoop(
                b, loc, 0, chunks, result,
                [&](OpBuilder &, Value g, ValueRange stepAcc) {
                  return steps(stepAcc, at(in0, g, perLoad * group()),
                               at(w0, g, perLoad * lanes() * group()), perLoad);
                });
          if (chunks * perLoad < total)
            result = buildLoop(b, loc, chunks * perLoad, total, result,
                               [&](OpBuilder &, Value g, ValueRange stepAcc) {
                                 return steps(stepAcc, at(in0, g, group()),
                                              at(w0, g, lanes() * group()), 1);
                               });
          return result;
        };
        if (contiguousRun && runStart)
          return run(rowAcc, idx.constant(runStart * group()),
                     idx.constant(runStart * lanes() * group()), runSteps);
        if (contiguousRun)
          return run(rowAcc, Value(), Value(), runSteps);
        return buildLoop(
            b, loc, 0, shape.kernelW, rowAcc,
            [&](OpBuilder &, Value s, ValueRange colAcc) {
              Value inCol = idx.mul(s, shape.dilationW * schedule.paddedInputC);
              Value wCol = idx.mul(s, groupsPerPixel() * lanes() * group());
              return run(colAcc, inCol, wCol, groupsPerPixel());
            });
  };
  // A strip's pixels are in different output rows: it takes every kernel
  // row, the padding rows included.
  acc = place.strip ? buildLoop(b, loc, 0, shape.kernelH, acc, rowBody)
                    : buildKernelRowLoop(place.oh[0], acc, rowBody);

  // Requantize in registers and store; lanes past the last output channel
  // are not written.
  bool exactBlocks = shape.outputC % lanes() == 0;
  if (rescale->joinsBlocks()) {
    SmallVector<Value> channels;
    for (int64_t j = 0; j < blocks; ++j)
      channels.push_back(idx.mul(idx.add(kb0, j), lanes()));
    for (int64_t m = 0; m < pixels; ++m) {
      Value y = rescale->emitConcat(
          b, loc, ArrayRef(acc).slice(m * blocks, blocks), channels,
          b.getI8Type());
      SmallVector<Value> indices = {n, place.oh[m], place.ow[m],
                                    channels.front()};
      output = vector::TransferWriteOp::create(b, loc, y, output, indices,
                                               ArrayRef<bool>{exactBlocks})
                   .getResult();
    }
    return output;
  }
  for (int64_t m = 0; m < pixels; ++m)
    for (int64_t j = 0; j < blocks; ++j) {
      Value channel = idx.mul(idx.add(kb0, j), lanes());
      Value y =
          rescale->emit(b, loc, acc[m * blocks + j], channel, b.getI8Type());
      SmallVector<Value> indices = {n, place.oh[m], place.ow[m], channel};
      output = vector::TransferWriteOp::create(b, loc, y, output, indices,
                                               ArrayRef<bool>{exactBlocks})
                   .getResult();
    }
  return output;
}

Value ConvKernelEmitter::buildStripBias(const Int8Microkernel &kernel) {
  int64_t channels = schedule.outputBlocks * lanes();
  auto filterValues = plan.operands.filter.getValues<APInt>();
  auto biasValues = plan.operands.bias.getValues<APInt>();
  int64_t inputShift = getInputShift(kernel, plan.operands.conv);
  int64_t pad = plan.operands.conv.getPadValue() + inputShift;
  SmallVector<int32_t> values;
  for (int64_t ow : getBorderColumns()) {
    auto [first, end] = getImageKernelColumns(shape, ow);
    SmallVector<int32_t> strip(channels, 0);
    auto w = filterValues.begin();
    for (int64_t k = 0; k < shape.outputC; ++k) {
      int64_t sum = 0, skipped = 0;
      for (int64_t r = 0; r < shape.kernelH; ++r)
        for (int64_t s = 0; s < shape.kernelW; ++s)
          for (int64_t c = 0; c < shape.inputC; ++c, ++w) {
            int64_t v = (*w).getSExtValue();
            sum += v;
            if (s < first || s >= end)
              skipped += v;
          }
      strip[k] = static_cast<int32_t>(biasValues[k].getSExtValue() -
                                      inputShift * sum + pad * skipped);
    }
    values.append(strip);
  }
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    b.getI32Type());
  return arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(type, ArrayRef<int32_t>(values)));
}

Value ConvKernelEmitter::emit(const Int8Microkernel &kernel) {
  IndexBuilder idx{b, loc};
  kernel.declareIntrinsics(b, plan.operands.rescale);
  weights = packWeights(kernel);
  bias = buildBias(kernel);
  input = prepareInput(kernel);
  rescale = std::make_unique<BlockRescale>(
      b, loc, plan.operands.rescale, plan.operands.rescale.getParams(),
      schedule.outputBlocks * lanes(), lanes(), plan.info);
  if (schedule.columnStrips)
    stripBias = buildStripBias(kernel);

  auto resultType = cast<RankedTensorType>(plan.operands.rescale.getType());
  Value output = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                         resultType.getElementType());
  // The tile of `place.blocks` blocks of output channels from kb0.
  auto emitAt = [&](Value output, Value n, TilePlace place, Value kb0) {
    if (pairsPixels())
      return emitPairedTile(kernel, output, n, place, kb0);
    if (sumsLanes())
      return emitLaneSumTile(kernel, output, n, place.oh[0], place.ow[0], kb0,
                             place.oh.size(), place.blocks);
    return emitTile(kernel, output, n, place, kb0);
  };
  // The runs of `blocks` blocks of output channels; the last run overlaps
  // the one before it.
  auto channelLoop = [&](ValueRange init, int64_t blocks,
                         function_ref<SmallVector<Value>(Value, ValueRange)>
                             body) {
    int64_t channelTiles = (schedule.outputBlocks + blocks - 1) / blocks;
    return buildLoop(b, loc, 0, channelTiles, init,
                     [&](OpBuilder &, Value u, ValueRange a) {
                       Value kb0 = idx.min(idx.mul(u, blocks),
                                           schedule.outputBlocks - blocks);
                       return body(kb0, a);
                     });
  };
  // A tile at one place: for the run of channels from `kb0`, or (null
  // `kb0`, the channel loop innermost) for each run.
  auto atPlace = [&](Value n, Value kb0, ValueRange a, const TilePlace &place) {
    if (kb0)
      return SmallVector<Value>{emitAt(a[0], n, place, kb0)};
    return channelLoop(a, place.blocks, [&](Value kb, ValueRange acc) {
      return SmallVector<Value>{emitAt(acc[0], n, place, kb)};
    });
  };
  // Every output row, in runs of `tile.pixels` over the interior columns
  // (all of them without strips); the last run overlaps the one before it.
  ConvTile tile = schedule.tile;
  int64_t first = schedule.interiorFirst;
  int64_t width = schedule.interiorEnd - first;
  auto rows = [&](Value n, Value kb0, ValueRange init) {
    int64_t rowTiles = (width + tile.pixels - 1) / tile.pixels;
    return buildLoop(
        b, loc, 0, shape.outputH, init,
        [&](OpBuilder &, Value oh, ValueRange a1) {
          return buildLoop(
              b, loc, 0, rowTiles, a1,
              [&](OpBuilder &, Value t, ValueRange a2) {
                Value ow0 = idx.add(
                    idx.min(idx.mul(t, tile.pixels), width - tile.pixels),
                    first);
                TilePlace place;
                place.blocks = tile.channelBlocks;
                for (int64_t m = 0; m < tile.pixels; ++m) {
                  place.oh.push_back(oh);
                  place.ow.push_back(idx.add(ow0, m));
                }
                return atPlace(n, kb0, a2, place);
              });
        });
  };
  // Each border column down the image, `stripTile.pixels` rows at a time.
  ConvTile stripTile = schedule.stripTile;
  auto strips = [&](Value n, Value kb0, ValueRange init) {
    int64_t columnTiles =
        (shape.outputH + stripTile.pixels - 1) / stripTile.pixels;
    SmallVector<Value> result(init);
    for (auto [index, column] : llvm::enumerate(getBorderColumns())) {
      int64_t stripIndex = index, ow = column;
      std::pair<int64_t, int64_t> columns = getImageKernelColumns(shape, ow);
      result = buildLoop(
          b, loc, 0, columnTiles, result,
          [&](OpBuilder &, Value t, ValueRange a) {
            Value oh0 = idx.min(idx.mul(t, stripTile.pixels),
                                shape.outputH - stripTile.pixels);
            TilePlace place;
            place.blocks = stripTile.channelBlocks;
            place.strip = true;
            place.stripIndex = stripIndex;
            place.firstColumn = columns.first;
            place.endColumn = columns.second;
            for (int64_t m = 0; m < stripTile.pixels; ++m) {
              place.oh.push_back(idx.add(oh0, m));
              place.ow.push_back(idx.constant(ow));
            }
            return atPlace(n, kb0, a, place);
          });
    }
    return result;
  };
  // With the channel runs outermost, strips with the rows' blocks run inside
  // the rows' channel loop, while that run's weights are in the caches.
  bool sharedRuns = schedule.columnStrips &&
                    stripTile.channelBlocks == tile.channelBlocks;
  return buildLoop(
             b, loc, 0, shape.batch, ValueRange{output},
             [&](OpBuilder &, Value n, ValueRange a0) {
               if (!schedule.channelsOuter) {
                 SmallVector<Value> result = rows(n, Value(), a0);
                 return schedule.columnStrips ? strips(n, Value(), result)
                                              : result;
               }
               SmallVector<Value> result = channelLoop(
                   a0, tile.channelBlocks, [&](Value kb0, ValueRange a) {
                     SmallVector<Value> r = rows(n, kb0, a);
                     return sharedRuns ? strips(n, kb0, r) : r;
                   });
               if (schedule.columnStrips && !sharedRuns)
                 result = channelLoop(result, stripTile.channelBlocks,
                                      [&](Value kb0, ValueRange a) {
                                        return strips(n, kb0, a);
                                      });
               return result;
             })
      .front();
}

//===----------------------------------------------------------------------===//
// Depthwise
//===----------------------------------------------------------------------===//

/// Pixels per depthwise tile: as many as the registers hold, at most a row,
/// each needing its accumulator and the widened input columns of a kernel row
/// (at most (pixels - 1) * strideW + (kernelW - 1) * dilationW + 1 of them),
/// with two registers for a weight vector and a product.
static int64_t chooseDepthwisePixels(const ConvShape &shape,
                                     const CodegenInfo &info) {
  constexpr int64_t kMaxPixels = 8;
  auto registers = static_cast<int64_t>(info.vectorRegisters);
  int64_t best = 1;
  for (int64_t p = 1; p <= std::min(kMaxPixels, shape.outputW); ++p) {
    int64_t columns = (p - 1) * shape.strideW +
                      (shape.kernelW - 1) * shape.dilationW + 1;
    if (p + columns + 2 <= registers)
      best = p;
  }
  return best;
}

namespace {
/// Channels in lanes: each tap multiplies `lanes` channels of one input pixel
/// by their weights and accumulates, the taps of a channel being its
/// reduction. Generic vector code (extend, multiply, add) that every SIMD
/// target lowers well; the requantization is the dense kernels'.
///
/// The input is read where it is, not copied into a padded buffer (with
/// nine taps per output, a padded copy costs about as much as the
/// arithmetic): tiles whose taps all fall inside the input read it
/// directly, the others check each tap and read the pad value for the taps
/// outside.
class DepthwiseKernelEmitter {
public:
  DepthwiseKernelEmitter(ConvKernelOperands operands, const ConvShape &shape,
                         const CodegenInfo &info, int64_t lanes,
                         int64_t pixels, RewriterBase &b)
      : operands(operands), shape(shape), info(info), lanes(lanes),
        pixels(pixels), b(b), loc(operands.rescale.getLoc()),
        blocks((shape.inputC + lanes - 1) / lanes) {}

  Value emit() {
    IndexBuilder idx{b, loc};
    int64_t paddedC = blocks * lanes;
    Value x = operands.conv.getInput();
    auto xType = cast<RankedTensorType>(x.getType());
    input = tensor::CollapseShapeOp::create(
        b, loc, RankedTensorType::get({xType.getNumElements()}, b.getI8Type()),
        x, SmallVector<ReassociationIndices>{{0, 1, 2, 3}});
    // The pad value as the byte the input holds.
    int64_t padValue = static_cast<int8_t>(
        static_cast<uint8_t>(operands.conv.getPadValue() & 0xff));
    padVector = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(VectorType::get({lanes}, b.getI8Type()),
                               b.getI8IntegerAttr(padValue)));
    // Weights as i32, [block][kernel row][kernel column][lane].
    SmallVector<int32_t> packed(blocks * shape.kernelH * shape.kernelW * lanes,
                                0);
    auto values = operands.filter.getValues<APInt>();
    auto it = values.begin();
    for (int64_t c = 0; c < shape.inputC; ++c)
      for (int64_t t = 0; t < shape.kernelH * shape.kernelW; ++t, ++it)
        packed[((c / lanes) * shape.kernelH * shape.kernelW + t) * lanes +
               c % lanes] = static_cast<int32_t>((*it).getSExtValue());
    weights = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(
            RankedTensorType::get({static_cast<int64_t>(packed.size())},
                                  b.getI32Type()),
            ArrayRef<int32_t>(packed)));
    SmallVector<int32_t> biasValues(paddedC, 0);
    for (auto [c, value] : llvm::enumerate(operands.bias.getValues<APInt>()))
      biasValues[c] = static_cast<int32_t>(value.getSExtValue());
    bias = arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(RankedTensorType::get({paddedC}, b.getI32Type()),
                               ArrayRef<int32_t>(biasValues)));
    rescale = std::make_unique<BlockRescale>(b, loc, operands.rescale,
                                             operands.rescale.getParams(),
                                             paddedC, lanes, info);

    auto resultType = cast<RankedTensorType>(operands.rescale.getType());
    Value output = tensor::EmptyOp::create(b, loc, resultType.getShape(),
                                           resultType.getElementType());
    int64_t rowTiles = (shape.outputW + pixels - 1) / pixels;
    return buildLoop(
               b, loc, 0, shape.batch, output,
               [&](OpBuilder &, Value n, ValueRange a0) {
                 return buildLoop(
                     b, loc, 0, shape.outputH, a0,
                     [&](OpBuilder &, Value oh, ValueRange a1) {
                       return buildLoop(
                           b, loc, 0, rowTiles, a1,
                           [&](OpBuilder &, Value t, ValueRange a2) {
                             // The last run overlaps the one before it.
                             Value ow0 = idx.min(idx.mul(t, pixels),
                                                 shape.outputW - pixels);
                             return buildLoop(
                                 b, loc, 0, blocks, a2,
                                 [&](OpBuilder &, Value cb, ValueRange a3) {
                                   return SmallVector<Value>{
                                       emitTileChoice(a3[0], n, oh, ow0, cb)};
                                 });
                           });
                     });
               })
        .front();
  }

private:
  Value read(Value source, Value offset, Type element, bool inBounds) {
    Value pad = arith::ConstantOp::create(b, loc, b.getZeroAttr(element));
    return vector::TransferReadOp::create(
        b, loc, VectorType::get({lanes}, element), source, ValueRange{offset},
        pad, ArrayRef<bool>{inBounds});
  }

  /// The first input row (column) of output row (column) `o` and the span of
  /// its taps.
  Value firstInput(Value o, int64_t stride, int64_t pad) {
    IndexBuilder idx{b, loc};
    return arith::SubIOp::create(b, loc, idx.mul(o, stride),
                                 idx.constant(pad));
  }

  /// The tile at (n, oh, ow0, cb), through the unchecked tile when all its
  /// taps fall inside the input.
  Value emitTileChoice(Value output, Value n, Value oh, Value ow0, Value cb) {
    IndexBuilder idx{b, loc};
    bool anyPadding = shape.padding[0] || shape.padding[1] ||
                      shape.padding[2] || shape.padding[3];
    if (!anyPadding)
      return emitTile(output, n, oh, ow0, cb, /*checked=*/false);
    Value row0 = firstInput(oh, shape.strideH, shape.padding[0]);
    Value col0 = firstInput(ow0, shape.strideW, shape.padding[2]);
    int64_t rowSpan = (shape.kernelH - 1) * shape.dilationH;
    int64_t colSpan =
        (pixels - 1) * shape.strideW + (shape.kernelW - 1) * shape.dilationW;
    auto inRange = [&](Value first, int64_t span, int64_t size) {
      Value lo = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, first,
                                       idx.constant(0));
      Value hi = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt,
                                       idx.add(first, span),
                                       idx.constant(size));
      return arith::AndIOp::create(b, loc, lo, hi);
    };
    Value inside =
        arith::AndIOp::create(b, loc, inRange(row0, rowSpan, shape.inputH),
                              inRange(col0, colSpan, shape.inputW));
    auto branch = scf::IfOp::create(
        b, loc, inside,
        [&](OpBuilder &, Location nloc) {
          scf::YieldOp::create(
              b, nloc, emitTile(output, n, oh, ow0, cb, /*checked=*/false));
        },
        [&](OpBuilder &, Location nloc) {
          scf::YieldOp::create(
              b, nloc, emitTile(output, n, oh, ow0, cb, /*checked=*/true));
        });
    return branch.getResult(0);
  }

  /// One input vector: `lanes` channels of pixel (row, col). `checked`: the
  /// pad value where the pixel is outside the input (its address clamped
  /// inside, so that the read stays in bounds).
  Value readInput(Value n, Value row, Value col, Value channel, bool checked) {
    IndexBuilder idx{b, loc};
    Value valid;
    if (checked) {
      auto clampInto = [&](Value v, int64_t size, Value &ok) {
        Value lo = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, v,
                                         idx.constant(0));
        Value hi = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, v,
                                         idx.constant(size));
        Value both = arith::AndIOp::create(b, loc, lo, hi);
        ok = ok ? arith::AndIOp::create(b, loc, ok, both).getResult() : both;
        Value clamped =
            arith::MaxSIOp::create(b, loc, v, idx.constant(0)).getResult();
        return idx.min(clamped, size - 1);
      };
      row = clampInto(row, shape.inputH, valid);
      col = clampInto(col, shape.inputW, valid);
    }
    Value pixel =
        idx.add(idx.mul(idx.add(idx.mul(n, shape.inputH), row), shape.inputW),
                col);
    // A block past the last channel reads into the next pixel (weights 0);
    // only then may a read reach past the end of the input.
    bool inBounds = shape.inputC % lanes == 0;
    Value x = read(input, idx.add(idx.mul(pixel, shape.inputC), channel),
                   b.getI8Type(), inBounds);
    if (checked)
      x = arith::SelectOp::create(b, loc, valid, x, padVector);
    return x;
  }

  Value emitTile(Value output, Value n, Value oh, Value ow0, Value cb,
                 bool checked) {
    IndexBuilder idx{b, loc};
    Value channel = idx.mul(cb, lanes);
    Value start = read(bias, channel, b.getI32Type(), /*inBounds=*/true);
    SmallVector<Value> acc(pixels, start);
    auto accType = VectorType::get({lanes}, b.getI32Type());
    bool isUnsigned = operands.conv.getInputUnsigned();
    Value row0 = firstInput(oh, shape.strideH, shape.padding[0]);
    Value col0 = firstInput(ow0, shape.strideW, shape.padding[2]);
    // Per kernel row, each input column the tile reads is loaded and widened
    // once and serves every (pixel, column tap) pair that reads it: 10 loads
    // for 8 pixels of a 3-wide kernel, where one per pair would be 24.
    SmallVector<int64_t> columns;
    for (int64_t m = 0; m < pixels; ++m)
      for (int64_t t = 0; t < shape.kernelW; ++t)
        columns.push_back(m * shape.strideW + t * shape.dilationW);
    llvm::sort(columns);
    columns.erase(llvm::unique(columns), columns.end());
    acc = buildLoop(
        b, loc, 0, shape.kernelH, acc,
        [&](OpBuilder &, Value r, ValueRange rowAcc) {
          Value row = idx.add(row0, idx.mul(r, shape.dilationH));
          DenseMap<int64_t, Value> x;
          for (int64_t column : columns) {
            Value v = readInput(n, row, idx.add(col0, column), channel,
                                checked);
            x[column] =
                isUnsigned
                    ? arith::ExtUIOp::create(b, loc, accType, v).getResult()
                    : arith::ExtSIOp::create(b, loc, accType, v).getResult();
          }
          SmallVector<Value> next(rowAcc);
          for (int64_t t = 0; t < shape.kernelW; ++t) {
            Value tap = idx.add(idx.mul(r, shape.kernelW), t);
            Value w = read(
                weights,
                idx.mul(idx.add(idx.mul(cb, shape.kernelH * shape.kernelW),
                                tap),
                        lanes),
                b.getI32Type(), /*inBounds=*/true);
            for (int64_t m = 0; m < pixels; ++m) {
              Value product = arith::MulIOp::create(
                  b, loc,
                  x[m * shape.strideW + t * shape.dilationW], w);
              next[m] = arith::AddIOp::create(b, loc, next[m], product);
            }
          }
          return next;
        });
    bool exactBlocks = shape.inputC % lanes == 0;
    for (int64_t m = 0; m < pixels; ++m) {
      Value y = rescale->emit(b, loc, acc[m], channel, b.getI8Type());
      SmallVector<Value> indices = {n, oh, idx.add(ow0, m), channel};
      output = vector::TransferWriteOp::create(b, loc, y, output, indices,
                                               ArrayRef<bool>{exactBlocks})
                   .getResult();
    }
    return output;
  }

  ConvKernelOperands operands;
  ConvShape shape;
  CodegenInfo info;
  int64_t lanes, pixels;
  RewriterBase &b;
  Location loc;
  int64_t blocks;
  Value input, padVector, weights, bias;
  std::unique_ptr<BlockRescale> rescale;
};

/// Rewrites rescale(depthwise int_conv2d) into the depthwise kernel.
struct DepthwiseToVectorKernel : public OpRewritePattern<RescaleOp> {
  DepthwiseToVectorKernel(MLIRContext *context, bool printSchedule)
      : OpRewritePattern(context), printSchedule(printSchedule) {}

  LogicalResult matchAndRewrite(RescaleOp op,
                                PatternRewriter &rewriter) const override {
    TargetAttr target = TargetAttr::lookup(op);
    if (!target)
      return rewriter.notifyMatchFailure(op, "no qedge.target");
    CodegenInfo info = target.getCodegenInfo();
    if (info.int8Dot == Int8Dot::none)
      return rewriter.notifyMatchFailure(op, "the target has no int8 SIMD "
                                             "kernels");
    std::string reason;
    FailureOr<ConvKernelOperands> operands =
        matchConvKernel(op, ConvGrouping::depthwise, reason);
    if (failed(operands))
      return rewriter.notifyMatchFailure(op, reason);
    ConvShape shape = getConvShape(operands->conv);
    int64_t lanes = info.vectorBits / 32;
    int64_t pixels = chooseDepthwisePixels(shape, info);
    if (printSchedule)
      op.emitRemark() << "depthwise kernel: tile " << pixels << " pixels x "
                      << lanes << " channels";
    rewriter.setInsertionPoint(op);
    DepthwiseKernelEmitter emitter(*operands, shape, info, lanes, pixels,
                                   rewriter);
    Value result = emitter.emit();
    IntConv2DOp conv = operands->conv;
    rewriter.replaceOp(op, result);
    rewriter.eraseOp(conv);
    return success();
  }

  bool printSchedule;
};
} // namespace

//===----------------------------------------------------------------------===//
// Pattern
//===----------------------------------------------------------------------===//

namespace {
/// Rewrites rescale(int_conv2d) into the register-tiled kernel the target's
/// microkernel builder provides (see the file comment).
struct ConvToVectorKernel : public OpRewritePattern<RescaleOp> {
  ConvToVectorKernel(MLIRContext *context, const ConvToVectorOptions &options)
      : OpRewritePattern(context), options(options) {}

  LogicalResult matchAndRewrite(RescaleOp op,
                                PatternRewriter &rewriter) const override {
    std::string reason;
    bool forcedTileInvalid;
    FailureOr<ConvKernelPlan> plan =
        planConvKernel(op, options.forcedTile, reason, forcedTileInvalid);
    if (failed(plan))
      return rewriter.notifyMatchFailure(op, reason);
    std::unique_ptr<Int8Microkernel> kernel = createInt8Microkernel(plan->info);
    if (!kernel)
      return rewriter.notifyMatchFailure(op, "no microkernel for the target");
    rewriter.setInsertionPoint(op);
    ConvKernelEmitter emitter(*plan, rewriter);
    Value result = emitter.emit(*kernel);
    IntConv2DOp conv = plan->operands.conv;
    rewriter.replaceOp(op, result);
    rewriter.eraseOp(conv);
    return success();
  }

  ConvToVectorOptions options;
};
} // namespace

void mlir::qedge::populateQEdgeConvToVectorPatterns(
    RewritePatternSet &patterns, const ConvToVectorOptions &options) {
  patterns.add<ConvToVectorKernel>(patterns.getContext(), options);
  patterns.add<DepthwiseToVectorKernel>(patterns.getContext(),
                                        options.printSchedule);
}
