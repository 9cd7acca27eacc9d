//===- TableToVector.cpp - 256-entry byte tables as NEON lookups ----------===//
//
// Part of quant-edge.
//
// `qedge.table` folds to an elementwise linalg.generic that reads a 256-entry
// constant at (stored byte - offset). On AArch64 the table fits sixteen
// 16-byte registers, and `tbl` / `tbx` on four of them look up sixteen bytes
// at once: one `tbl` for entries 0-63 and three `tbx` for the rest (an index
// outside a group's 64 entries leaves the byte as it is). The rewrite keeps
// the generic's meaning exactly: the same index, the same entries.
//
//===----------------------------------------------------------------------===//

#include "qedge/Conversion/QEdgeToVector/QEdgeToVector.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "qedge/Dialect/QEdge/IR/QEdgeAttrs.h"

using namespace mlir;
using namespace mlir::qedge;

namespace {
constexpr int64_t kLanes = 16;
constexpr llvm::StringLiteral kTbl4 = "llvm.aarch64.neon.tbl4.v16i8";
constexpr llvm::StringLiteral kTbx4 = "llvm.aarch64.neon.tbx4.v16i8";

/// A byte table lookup: y = table[ext(x) - offset] over an i8 tensor.
struct TableLookup {
  Value input;
  DenseElementsAttr table;
  int64_t offset;
};

/// Matches the generic that a folded `qedge.table` is: one i8 input, one i8
/// output, identity maps, and a body ext / sub or add of a constant /
/// index_cast / tensor.extract from a constant tensor<256xi8>.
FailureOr<TableLookup> matchTableLookup(linalg::GenericOp op) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInputs() != 1 ||
      op.getNumDpsInits() != 1 || op.getNumReductionLoops() != 0 ||
      !llvm::all_of(op.getIndexingMapsArray(),
                    [](AffineMap map) { return map.isIdentity(); }))
    return failure();
  Value input = op.getDpsInputs()[0];
  auto inputType = dyn_cast<RankedTensorType>(input.getType());
  auto resultType = dyn_cast<RankedTensorType>(op.getResultTypes()[0]);
  if (!inputType || !resultType || !inputType.hasStaticShape() ||
      !inputType.getElementType().isInteger(8) ||
      !resultType.getElementType().isInteger(8))
    return failure();
  Block &body = op.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  auto extract = yield.getValues()[0].getDefiningOp<tensor::ExtractOp>();
  DenseElementsAttr table;
  if (!extract || extract.getIndices().size() != 1 ||
      !matchPattern(extract.getTensor(), m_Constant(&table)) ||
      table.getNumElements() != 256 ||
      !table.getElementType().isInteger(8))
    return failure();
  auto cast = extract.getIndices()[0].getDefiningOp<arith::IndexCastOp>();
  if (!cast)
    return failure();
  Value index = cast.getIn();
  int64_t offset = 0;
  APInt constant;
  if (auto sub = index.getDefiningOp<arith::SubIOp>();
      sub && matchPattern(sub.getRhs(), m_ConstantInt(&constant))) {
    offset = constant.getSExtValue();
    index = sub.getLhs();
  } else if (auto add = index.getDefiningOp<arith::AddIOp>();
             add && matchPattern(add.getRhs(), m_ConstantInt(&constant))) {
    offset = -constant.getSExtValue();
    index = add.getLhs();
  }
  bool isSigned = index.getDefiningOp<arith::ExtSIOp>() != nullptr;
  Value extended = isSigned ? index.getDefiningOp<arith::ExtSIOp>().getIn()
                   : index.getDefiningOp<arith::ExtUIOp>()
                       ? index.getDefiningOp<arith::ExtUIOp>().getIn()
                       : Value();
  if (extended != body.getArgument(0))
    return failure();
  // Every byte must index inside the table.
  int64_t lo = isSigned ? -128 : 0, hi = isSigned ? 127 : 255;
  if (lo - offset != 0 || hi - offset != 255)
    return failure();
  return TableLookup{input, table, offset};
}

/// Rewrites a byte table lookup into NEON tbl / tbx over the flattened
/// tensor, sixteen bytes at a time (the last chunk masked).
struct TableLookupToNeon : public OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::GenericOp op,
                                PatternRewriter &rewriter) const override {
    TargetAttr target = TargetAttr::lookup(op);
    if (!target || !llvm::StringRef(target.getTriple()).starts_with("aarch64"))
      return rewriter.notifyMatchFailure(op, "not an AArch64 target");
    FailureOr<TableLookup> lookup = matchTableLookup(op);
    if (failed(lookup))
      return rewriter.notifyMatchFailure(op, "not a byte table lookup");

    Location loc = op.getLoc();
    auto i8 = rewriter.getI8Type();
    auto bytes = VectorType::get({kLanes}, i8);
    auto inputType = cast<RankedTensorType>(lookup->input.getType());
    int64_t size = inputType.getNumElements();
    SmallVector<ReassociationIndices> flatten = {
        llvm::to_vector(llvm::seq<int64_t>(0, inputType.getRank()))};
    Value input = inputType.getRank() == 1
                      ? lookup->input
                      : tensor::CollapseShapeOp::create(rewriter, loc,
                                                        lookup->input, flatten)
                            .getResult();
    auto flatType = RankedTensorType::get({size}, i8);
    Value output = tensor::EmptyOp::create(rewriter, loc, flatType.getShape(), i8);

    // The table as sixteen registers; entry e sits in register e / 16.
    SmallVector<int8_t> entries;
    for (APInt value : lookup->table.getValues<APInt>())
      entries.push_back(static_cast<int8_t>(value.getSExtValue()));
    SmallVector<Value> registers;
    for (int64_t r = 0; r < 16; ++r)
      registers.push_back(arith::ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(bytes, ArrayRef<int8_t>(entries).slice(
                                            r * kLanes, kLanes))));
    auto tblType = rewriter.getFunctionType(
        {bytes, bytes, bytes, bytes, bytes}, {bytes});
    auto tbxType = rewriter.getFunctionType(
        {bytes, bytes, bytes, bytes, bytes, bytes}, {bytes});
    declareIntrinsic(rewriter, op, kTbl4, tblType);
    declareIntrinsic(rewriter, op, kTbx4, tbxType);
    auto splat = [&](int64_t value) -> Value {
      return arith::ConstantOp::create(
          rewriter, loc,
          DenseElementsAttr::get(bytes,
                                 rewriter.getI8IntegerAttr(value).getValue()));
    };
    // index = byte - offset, wrapping in 8 bits: exactly the table position.
    Value offset = splat(static_cast<int8_t>(lookup->offset));
    Value step = splat(64);

    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value end = arith::ConstantIndexOp::create(rewriter, loc, size);
    Value stride = arith::ConstantIndexOp::create(rewriter, loc, kLanes);
    Value pad = arith::ConstantOp::create(rewriter, loc, rewriter.getI8IntegerAttr(0));
    auto loop = scf::ForOp::create(
        rewriter, loc, zero, end, stride, ValueRange{output},
        [&](OpBuilder &b, Location loc, Value i, ValueRange acc) {
          Value x = vector::TransferReadOp::create(
              b, loc, bytes, input, ValueRange{i}, pad,
              ArrayRef<bool>{false});
          Value index = arith::SubIOp::create(b, loc, x, offset);
          Value y = callIntrinsic(
              b, loc, kTbl4, bytes,
              {registers[0], registers[1], registers[2], registers[3], index});
          for (int64_t group = 1; group < 4; ++group) {
            index = arith::SubIOp::create(b, loc, index, step);
            y = callIntrinsic(b, loc, kTbx4, bytes,
                              {y, registers[4 * group], registers[4 * group + 1],
                               registers[4 * group + 2],
                               registers[4 * group + 3], index});
          }
          Value written = vector::TransferWriteOp::create(
                              b, loc, y, acc[0], ValueRange{i},
                              ArrayRef<bool>{false})
                              .getResult();
          scf::YieldOp::create(b, loc, written);
        });
    Value result = loop.getResult(0);
    if (inputType.getRank() != 1)
      result = tensor::ExpandShapeOp::create(
          rewriter, loc, op.getResultTypes()[0], result, flatten);
    rewriter.replaceOp(op, result);
    return success();
  }
};
} // namespace

void mlir::qedge::populateQEdgeTableToVectorPatterns(
    RewritePatternSet &patterns) {
  patterns.add<TableLookupToNeon>(patterns.getContext());
}
