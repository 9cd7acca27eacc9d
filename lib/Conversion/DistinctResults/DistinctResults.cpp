//===- DistinctResults.cpp - One buffer per returned result ---------------===//
//
// Part of quant-edge.
//
// buffer-results-to-out-params with hoisted allocations computes a result in
// the caller's buffer by replacing the allocation it was computed in with the
// out-parameter; a buffer returned twice would have to become two
// out-parameters at once (upstream erases it and crashes). A later occurrence
// is therefore returned as a copy in a buffer of its own.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "qedge/Conversion/Passes.h"

namespace mlir {
namespace qedge {
#define GEN_PASS_DEF_QEDGEDISTINCTRESULTS
#include "qedge/Conversion/Passes.h.inc"
} // namespace qedge
} // namespace mlir

using namespace mlir;

namespace {
struct QEdgeDistinctResultsPass
    : public qedge::impl::QEdgeDistinctResultsBase<QEdgeDistinctResultsPass> {
  void runOnOperation() override {
    getOperation().walk([](func::ReturnOp op) {
      OpBuilder b(op);
      llvm::SmallPtrSet<Value, 4> seen;
      for (OpOperand &operand : op->getOpOperands()) {
        Value value = operand.get();
        auto type = dyn_cast<MemRefType>(value.getType());
        if (!type || seen.insert(value).second)
          continue;
        SmallVector<Value> sizes;
        for (int64_t d = 0; d < type.getRank(); ++d)
          if (type.isDynamicDim(d))
            sizes.push_back(
                memref::DimOp::create(b, op.getLoc(), value, d).getResult());
        Value copy = memref::AllocOp::create(b, op.getLoc(), type, sizes);
        memref::CopyOp::create(b, op.getLoc(), value, copy);
        operand.set(copy);
      }
    });
  }
};
} // namespace
