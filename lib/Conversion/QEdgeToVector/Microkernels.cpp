//===- Microkernels.cpp - What every microkernel builder shares -----------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "Microkernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;
using namespace mlir::qedge;

void mlir::qedge::declareIntrinsic(OpBuilder &b, Operation *user,
                                   StringRef name, FunctionType type) {
  Operation *symbolTableOp = SymbolTable::getNearestSymbolTable(user);
  if (SymbolTable::lookupSymbolIn(symbolTableOp, name))
    return;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(&symbolTableOp->getRegion(0).front());
  func::FuncOp::create(b, user->getLoc(), name, type).setPrivate();
}

Value mlir::qedge::callIntrinsic(OpBuilder &b, Location loc, StringRef name,
                                 Type resultType, ValueRange operands) {
  return func::CallOp::create(b, loc, name, TypeRange{resultType}, operands)
      .getResult(0);
}

/// Reads a vector of `count` elements of `source` (1-D) at `offset`.
Value mlir::qedge::microkernels::readVector(OpBuilder &b, Location loc, Value source,
                                      Value offset, int64_t count) {
  Type element = cast<ShapedType>(source.getType()).getElementType();
  Value pad = arith::ConstantOp::create(b, loc, b.getZeroAttr(element));
  return vector::TransferReadOp::create(
      b, loc, VectorType::get({count}, element), source, ValueRange{offset},
      pad, ArrayRef<bool>{true});
}

std::unique_ptr<Int8Microkernel>
mlir::qedge::createInt8Microkernel(const CodegenInfo &info) {
  if (std::unique_ptr<Int8Microkernel> kernel =
          microkernels::createX86Microkernel(info))
    return kernel;
  return microkernels::createArmMicrokernel(info);
}
