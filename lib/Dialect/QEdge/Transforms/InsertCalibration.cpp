//===- InsertCalibration.cpp - Mark the tensors calibration observes ------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Dialect/QEdge/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

namespace mlir {
namespace qedge {
#define GEN_PASS_DEF_QEDGEINSERTCALIBRATION
#include "qedge/Dialect/QEdge/Transforms/Passes.h.inc"
} // namespace qedge
} // namespace mlir

using namespace mlir;
using namespace mlir::qedge;

/// Whether `value` is an f32 tensor, the only kind a marker observes.
static bool isFloatTensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && type.getElementType().isF32();
}

/// Whether `value` is observed already: it is a marker's result, or one of
/// its users is a marker.
static bool isMarked(Value value) {
  if (value.getDefiningOp<CalibrateOp>())
    return true;
  return llvm::any_of(value.getUsers(),
                      [](Operation *user) { return isa<CalibrateOp>(user); });
}

/// Ops whose results are new values, with a range of their own. Ops that
/// move values (reshape, transpose, max pool, pad, slices) keep their input's
/// quantized type and are not listed.
static bool computesNewValues(Operation *op) {
  return isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::MatMulOp,
             tosa::AddOp, tosa::SubOp, tosa::MulOp, tosa::AvgPool2dOp,
             tosa::ConcatOp, tosa::SigmoidOp, tosa::TanhOp, tosa::ClampOp>(op);
}

/// Whether the range of `value` is learned further down, after what the
/// quantized op fuses: its only user is a clamp (a ReLU / ReLU6), or it is a
/// matmul whose only user adds a constant (a fully connected layer's bias).
static bool isFusedIntoNextOp(Value value) {
  if (!value.hasOneUse())
    return false;
  Operation *user = *value.getUsers().begin();
  if (isa<tosa::ClampOp>(user))
    return true;
  if (!value.getDefiningOp<tosa::MatMulOp>() || !isa<tosa::AddOp>(user))
    return false;
  return llvm::any_of(user->getOperands(), [&](Value operand) {
    return operand != value && matchPattern(operand, m_Constant());
  });
}

/// The name of the tensor `value`: its op's name location (front ends name
/// ops after the model's nodes), else the op and its position, or the
/// argument's position.
static std::string getTensorName(Value value, unsigned position) {
  if (auto argument = dyn_cast<BlockArgument>(value))
    return "arg" + std::to_string(argument.getArgNumber());
  Operation *op = value.getDefiningOp();
  Location loc = op->getLoc();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location part : fused.getLocations())
      if (isa<NameLoc>(part))
        loc = part;
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  return op->getName().stripDialect().str() + "_" + std::to_string(position);
}

/// Inserts a marker on `value` after `builder`'s insertion point and routes
/// every other use through it.
static void mark(OpBuilder &builder, Value value, Location loc,
                 unsigned position) {
  auto marker = CalibrateOp::create(builder, loc, value);
  marker.setNameAttr(builder.getStringAttr(getTensorName(value, position)));
  value.replaceAllUsesExcept(marker.getResult(), marker);
}

namespace {
struct QEdgeInsertCalibrationPass
    : public qedge::impl::QEdgeInsertCalibrationBase<
          QEdgeInsertCalibrationPass> {
  using Base::Base;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    OpBuilder builder(func.getContext());
    if (markArguments) {
      builder.setInsertionPointToStart(&func.front());
      for (BlockArgument argument : func.getArguments())
        if (isFloatTensor(argument) && !isMarked(argument))
          mark(builder, argument, argument.getLoc(), 0);
    }
    if (!markResults)
      return;
    SmallVector<Operation *> ops;
    func.walk([&](Operation *op) {
      if (computesNewValues(op))
        ops.push_back(op);
    });
    for (auto [position, op] : llvm::enumerate(ops)) {
      builder.setInsertionPointAfter(op);
      for (Value result : op->getResults())
        if (isFloatTensor(result) && !isMarked(result) &&
            !isFusedIntoNextOp(result) && !result.use_empty())
          mark(builder, result, op->getLoc(), position);
    }
  }
};
} // namespace
