//===- MemRefCopyToLinalg.cpp - memref.copy without the runner library ----===//
//
// Part of quant-edge.
//
// The LLVM lowering of a memref.copy between contiguous buffers is a memcpy;
// between strided ones it calls `memrefCopy` from MLIR's C runner library,
// which compiled objects must not need. A strided copy whose innermost
// dimensions are contiguous on both sides (the interior of a padded
// convolution input: whole rows of W x C bytes) becomes loops over the outer
// dimensions around memcpys of those rows; any other becomes a linalg.copy,
// that is, element loops.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Utils/MemRefUtils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "qedge/Conversion/Passes.h"

#include <optional>

namespace mlir {
namespace qedge {
#define GEN_PASS_DEF_CONVERTMEMREFCOPYTOLINALG
#include "qedge/Conversion/Passes.h.inc"
} // namespace qedge
} // namespace mlir

using namespace mlir;

/// Rows shorter than this are copied element by element: a call and its
/// setup would cost more than the loop LLVM vectorizes.
static constexpr int64_t kMinRowBytes = 64;

/// The first dimension from which `type` is contiguous row-major to its end
/// (static sizes and strides): its rank when even the last one is not.
static int64_t getContiguousSuffix(MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)))
    return type.getRank();
  int64_t expected = 1;
  for (int64_t d = type.getRank() - 1; d >= 0; --d) {
    if (strides[d] != expected || ShapedType::isDynamic(type.getDimSize(d)))
      return d + 1;
    expected *= type.getDimSize(d);
  }
  return 0;
}

static bool isContiguous(MemRefType type) {
  return type.getLayout().isIdentity() ||
         memref::isStaticShapeAndContiguousRowMajor(type);
}

/// The source and target types of a copy between memrefs of which at least
/// one is not contiguous (the copies these patterns lower).
static std::optional<std::pair<MemRefType, MemRefType>>
getStridedCopyTypes(memref::CopyOp op) {
  auto source = dyn_cast<MemRefType>(op.getSource().getType());
  auto target = dyn_cast<MemRefType>(op.getTarget().getType());
  if (!source || !target || (isContiguous(source) && isContiguous(target)))
    return std::nullopt;
  return std::make_pair(source, target);
}

namespace {
/// memref.copy between buffers whose innermost dimensions are contiguous
/// rows -> scf.for over the other dimensions around a contiguous
/// memref.copy of each row (a memcpy).
struct MemRefCopyToRowCopies : public OpRewritePattern<memref::CopyOp> {
  MemRefCopyToRowCopies(MLIRContext *context)
      : OpRewritePattern(context, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(memref::CopyOp op,
                                PatternRewriter &rewriter) const override {
    auto types = getStridedCopyTypes(op);
    if (!types)
      return failure();
    auto [sourceType, targetType] = *types;
    int64_t rank = sourceType.getRank();
    int64_t first = std::max(getContiguousSuffix(sourceType),
                             getContiguousSuffix(targetType));
    if (first == 0 || first == rank)
      return failure();
    int64_t rowElements = 1;
    for (int64_t d = first; d < rank; ++d)
      rowElements *= sourceType.getDimSize(d);
    unsigned elementBits = sourceType.getElementTypeBitWidth();
    if (elementBits % 8 != 0 || rowElements * elementBits / 8 < kMinRowBytes)
      return failure();

    Location loc = op.getLoc();
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    SmallVector<Value> ivs;
    for (int64_t d = 0; d < first; ++d) {
      Value size = memref::DimOp::create(rewriter, loc, op.getSource(), d);
      auto loop = scf::ForOp::create(rewriter, loc, zero, size, one);
      rewriter.setInsertionPointToStart(loop.getBody());
      ivs.push_back(loop.getInductionVar());
    }
    SmallVector<OpFoldResult> offsets(ivs.begin(), ivs.end());
    SmallVector<OpFoldResult> sizes(first, rewriter.getIndexAttr(1));
    SmallVector<int64_t> rowShape;
    for (int64_t d = first; d < rank; ++d) {
      offsets.push_back(rewriter.getIndexAttr(0));
      sizes.push_back(rewriter.getIndexAttr(sourceType.getDimSize(d)));
      rowShape.push_back(sourceType.getDimSize(d));
    }
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    auto row = [&](Value buffer, MemRefType type) -> Value {
      auto rowType = memref::SubViewOp::inferRankReducedResultType(
          rowShape, type, offsets, sizes, strides);
      return memref::SubViewOp::create(rewriter, loc, rowType, buffer,
                                       offsets, sizes, strides);
    };
    memref::CopyOp::create(rewriter, loc, row(op.getSource(), sourceType),
                           row(op.getTarget(), targetType));
    rewriter.eraseOp(op);
    return success();
  }
};

/// Any other strided memref.copy -> linalg.copy ins(%src) outs(%dst).
struct MemRefCopyToLinalgCopy : public OpRewritePattern<memref::CopyOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(memref::CopyOp op,
                                PatternRewriter &rewriter) const override {
    if (!getStridedCopyTypes(op))
      return failure();
    rewriter.replaceOpWithNewOp<linalg::CopyOp>(op, op.getSource(),
                                                op.getTarget());
    return success();
  }
};

struct ConvertMemRefCopyToLinalgPass
    : public qedge::impl::ConvertMemRefCopyToLinalgBase<
          ConvertMemRefCopyToLinalgPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    qedge::populateMemRefCopyToLinalgPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void mlir::qedge::populateMemRefCopyToLinalgPatterns(
    RewritePatternSet &patterns) {
  patterns.add<MemRefCopyToRowCopies, MemRefCopyToLinalgCopy>(
      patterns.getContext());
}
