//===- AddBatchedEntry.cpp - Run an entry over many samples ---------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Dialect/QEdge/Transforms/BatchedEntry.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"
#include "qedge/Dialect/QEdge/Transforms/Passes.h"

namespace mlir {
namespace qedge {
#define GEN_PASS_DEF_QEDGEADDBATCHEDENTRY
#include "qedge/Dialect/QEdge/Transforms/Passes.h.inc"
} // namespace qedge
} // namespace mlir

using namespace mlir;
using namespace mlir::qedge;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

static std::string typeToString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return text;
}

std::string mlir::qedge::getBatchedEntryName(StringRef entry) {
  return (entry + "_batched").str();
}

int64_t mlir::qedge::getSamplesPerCall(func::FuncOp entry) {
  if (entry.getNumArguments() == 0)
    return 0;
  auto type = dyn_cast<RankedTensorType>(entry.getArgumentTypes()[0]);
  return type && type.getRank() >= 1 ? type.getDimSize(0) : 0;
}

/// The offsets, sizes and strides of the slice [first, first + size) of
/// dimension 0 of a tensor of `shape`.
static void getSlice(OpBuilder &b, ArrayRef<int64_t> shape, OpFoldResult first,
                     SmallVectorImpl<OpFoldResult> &offsets,
                     SmallVectorImpl<OpFoldResult> &sizes,
                     SmallVectorImpl<OpFoldResult> &strides) {
  offsets.assign(shape.size(), b.getIndexAttr(0));
  offsets[0] = first;
  for (int64_t size : shape)
    sizes.push_back(b.getIndexAttr(size));
  strides.assign(shape.size(), b.getIndexAttr(1));
}

llvm::Error mlir::qedge::addBatchedEntry(ModuleOp module,
                                                func::FuncOp entry,
                                                int64_t samples,
                                                StringRef name) {
  auto checkType = [&](Type type, const llvm::Twine &what) -> llvm::Error {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.hasStaticShape() || tensor.getRank() == 0)
      return makeError(what + " of '" + entry.getSymName() + "' has type " +
                       typeToString(type) +
                       "; running over samples takes statically shaped "
                       "tensors with a first (sample) dimension");
    return llvm::Error::success();
  };
  int64_t perCall = getSamplesPerCall(entry);
  for (auto [index, type] : llvm::enumerate(entry.getArgumentTypes())) {
    if (llvm::Error error =
            checkType(type, "argument " + llvm::Twine(index + 1)))
      return error;
    if (cast<RankedTensorType>(type).getDimSize(0) != perCall)
      return makeError("the arguments of '" + entry.getSymName() +
                       "' disagree on the samples per call (first dimension)");
  }
  for (auto [index, type] : llvm::enumerate(entry.getResultTypes()))
    if (llvm::Error error = checkType(type, "result " + llvm::Twine(index + 1)))
      return error;
  if (perCall == 0 || samples % perCall != 0)
    return makeError(llvm::Twine(samples) +
                     " samples are not a whole number of calls of " +
                     llvm::Twine(perCall));
  int64_t calls = samples / perCall;

  if (module.lookupSymbol(name))
    return makeError("the module already has a symbol '" + name + "'");
  MLIRContext *context = module.getContext();
  context->loadDialect<arith::ArithDialect, scf::SCFDialect,
                       tensor::TensorDialect>();
  OpBuilder builder(context);
  Location loc = entry.getLoc();
  SmallVector<Type> argumentTypes, resultTypes;
  for (Type type : entry.getArgumentTypes()) {
    auto tensor = cast<RankedTensorType>(type);
    SmallVector<int64_t> shape(tensor.getShape());
    shape[0] = samples;
    argumentTypes.push_back(tensor.clone(shape));
  }
  for (Type type : entry.getResultTypes()) {
    auto tensor = cast<RankedTensorType>(type);
    SmallVector<int64_t> shape(tensor.getShape());
    shape[0] *= calls;
    resultTypes.push_back(tensor.clone(shape));
  }
  builder.setInsertionPointToEnd(module.getBody());
  auto batched = func::FuncOp::create(
      builder, loc, name, builder.getFunctionType(argumentTypes, resultTypes));
  Block *body = batched.addEntryBlock();
  builder.setInsertionPointToStart(body);

  SmallVector<Value> inits;
  for (Type type : resultTypes) {
    auto tensor = cast<RankedTensorType>(type);
    inits.push_back(tensor::EmptyOp::create(builder, loc, tensor.getShape(),
                                            tensor.getElementType()));
  }
  Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
  Value one = arith::ConstantIndexOp::create(builder, loc, 1);
  Value count = arith::ConstantIndexOp::create(builder, loc, calls);
  auto loop = scf::ForOp::create(
      builder, loc, zero, count, one, inits,
      [&](OpBuilder &b, Location loc, Value call, ValueRange accumulators) {
        SmallVector<Value> slices;
        for (auto [argument, type] :
             llvm::zip(body->getArguments(), entry.getArgumentTypes())) {
          auto tensor = cast<RankedTensorType>(type);
          Value first = arith::MulIOp::create(
              b, loc, call,
              arith::ConstantIndexOp::create(b, loc, tensor.getDimSize(0)));
          SmallVector<OpFoldResult> offsets, sizes, strides;
          getSlice(b, tensor.getShape(), first, offsets, sizes, strides);
          slices.push_back(tensor::ExtractSliceOp::create(
              b, loc, tensor, argument, offsets, sizes, strides));
        }
        auto results = func::CallOp::create(b, loc, entry, slices);
        SmallVector<Value> updated;
        for (auto [value, accumulator] :
             llvm::zip(results.getResults(), accumulators)) {
          auto tensor = cast<RankedTensorType>(value.getType());
          Value first = arith::MulIOp::create(
              b, loc, call,
              arith::ConstantIndexOp::create(b, loc, tensor.getDimSize(0)));
          SmallVector<OpFoldResult> offsets, sizes, strides;
          getSlice(b, tensor.getShape(), first, offsets, sizes, strides);
          updated.push_back(tensor::InsertSliceOp::create(
              b, loc, value, accumulator, offsets, sizes, strides));
        }
        scf::YieldOp::create(b, loc, updated);
      });
  func::ReturnOp::create(builder, loc, loop.getResults());
  return llvm::Error::success();
}

namespace {
struct QEdgeAddBatchedEntryPass
    : public qedge::impl::QEdgeAddBatchedEntryBase<QEdgeAddBatchedEntryPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto func = module.lookupSymbol<func::FuncOp>(entry);
    if (!func || func.isExternal()) {
      module.emitError("no function '") << entry << "' with a body";
      return signalPassFailure();
    }
    std::string batchedName = name.empty() ? getBatchedEntryName(entry)
                                           : std::string(name);
    if (llvm::Error error =
            addBatchedEntry(module, func, samples, batchedName)) {
      func.emitError(llvm::toString(std::move(error)));
      return signalPassFailure();
    }
  }
};
} // namespace
