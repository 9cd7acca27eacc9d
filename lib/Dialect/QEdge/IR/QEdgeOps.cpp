//===- QEdgeOps.cpp - qedge operations ------------------------------------===//
//
// Part of quant-edge.
//
// The generated op classes and the type helpers every op file uses. Verifiers
// live with their IR level (QuantizedOps.cpp, IntegerOps.cpp), folders and
// canonicalizations in QEdgeFolds.cpp, as CIRCT's Comb splits them.
//
//===----------------------------------------------------------------------===//

#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "qedge/Dialect/QEdge/IR/QEdgeVerifiers.h"
#include "qedge/QuantMath/QuantMath.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>
#include <optional>

using namespace mlir;
using namespace mlir::qedge;

//===----------------------------------------------------------------------===//
// Quantized type helpers
//===----------------------------------------------------------------------===//

quantmath::StorageRange
mlir::qedge::getStorageRange(quant::QuantizedType type) {
  return {type.getStorageTypeMin(), type.getStorageTypeMax()};
}

double mlir::qedge::getScale(quant::QuantizedType type, int64_t channel) {
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type))
    return perAxis.getScales()[channel];
  return cast<quant::UniformQuantizedType>(type).getScale();
}

int64_t mlir::qedge::getZeroPoint(quant::QuantizedType type, int64_t channel) {
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type))
    return perAxis.getZeroPoints()[channel];
  return cast<quant::UniformQuantizedType>(type).getZeroPoint();
}

//===----------------------------------------------------------------------===//
// TableGen'd op method definitions
//===----------------------------------------------------------------------===//

#define GET_OP_CLASSES
#include "qedge/Dialect/QEdge/IR/QEdgeOps.cpp.inc"
