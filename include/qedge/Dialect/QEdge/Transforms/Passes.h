//===- Passes.h - qedge transformation passes -------------------*- C++ -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_DIALECT_QEDGE_TRANSFORMS_PASSES_H
#define QEDGE_DIALECT_QEDGE_TRANSFORMS_PASSES_H

#include "mlir/Pass/Pass.h"
#include "mlir/Transforms/DialectConversion.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

namespace mlir {
namespace qedge {

#define GEN_PASS_DECL
#include "qedge/Dialect/QEdge/Transforms/Passes.h.inc"

/// Converts a tensor of a `!quant.uniform` element type to the tensor of its
/// storage type (signless: `!quant.uniform<u8:f32, ...>` becomes `i8`), and
/// leaves every other type unchanged. Casts between the two are
/// `quant.scast`.
class QuantStorageTypeConverter : public TypeConverter {
public:
  QuantStorageTypeConverter();
};

/// Patterns rewriting quantized-level ops into the integer-only level
/// (`qedge.conv2d`, `qedge.quantize`, `qedge.dequantize`,
/// `qedge.requantize`, `quant.scast`), for a dialect conversion with
/// `typeConverter`.
void populateQEdgeFoldQuantPatterns(const TypeConverter &typeConverter,
                                    RewritePatternSet &patterns);

/// Marks what the integer-only level allows: the patterns above turn every
/// illegal op into legal ones.
void configureQEdgeFoldQuantTarget(ConversionTarget &target,
                                   const TypeConverter &typeConverter);

#define GEN_PASS_REGISTRATION
#include "qedge/Dialect/QEdge/Transforms/Passes.h.inc"

} // namespace qedge
} // namespace mlir

#endif // QEDGE_DIALECT_QEDGE_TRANSFORMS_PASSES_H
