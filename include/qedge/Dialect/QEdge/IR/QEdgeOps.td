//===- QEdgeOps.td - qedge operations ----------------------*- tablegen -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_DIALECT_QEDGE_IR_QEDGEOPS_TD
#define QEDGE_DIALECT_QEDGE_IR_QEDGEOPS_TD

include "qedge/Dialect/QEdge/IR/QEdgeAttrs.td"
include "qedge/Dialect/QEdge/IR/QEdgeDialect.td"
include "mlir/Dialect/Quant/IR/QuantBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

def QEdge_FloatTensor : RankedTensorOf<[F32]>;
def QEdge_QuantizedTensor : RankedTensorOf<[quant_QuantizedType]>;
def QEdge_QuantizedTensor4D : 4DTensorOf<[quant_QuantizedType]>;
def QEdge_QuantizedTensor1D : 1DTensorOf<[quant_QuantizedType]>;

def QEdge_DefaultRounding : DefaultValuedAttr<QEdge_RoundingModeAttr,
    "::mlir::qedge::RoundingMode::gemmlowp">;

//===----------------------------------------------------------------------===//
// Ops, one file per IR level
//===----------------------------------------------------------------------===//

include "qedge/Dialect/QEdge/IR/QEdgeCalibrationOps.td"
include "qedge/Dialect/QEdge/IR/QEdgeQuantizedOps.td"
include "qedge/Dialect/QEdge/IR/QEdgeIntegerOps.td"

#endif // QEDGE_DIALECT_QEDGE_IR_QEDGEOPS_TD
