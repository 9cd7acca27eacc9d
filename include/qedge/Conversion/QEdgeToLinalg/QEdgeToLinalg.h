//===- QEdgeToLinalg.h - Integer qedge ops to linalg ------------*- C++ -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_CONVERSION_QEDGETOLINALG_QEDGETOLINALG_H
#define QEDGE_CONVERSION_QEDGETOLINALG_QEDGETOLINALG_H

namespace mlir {
class ConversionTarget;
class RewritePatternSet;

namespace qedge {

/// Patterns lowering `qedge.int_conv2d` to padded, grouped `linalg.generic`
/// convolutions on tensors.
void populateQEdgeConvToLinalgPatterns(RewritePatternSet &patterns);

/// Patterns lowering `qedge.rescale` to elementwise `linalg.generic` ops.
void populateQEdgeRescaleToLinalgPatterns(RewritePatternSet &patterns);

/// All of the above.
void populateQEdgeToLinalgConversionPatterns(RewritePatternSet &patterns);

} // namespace qedge
} // namespace mlir

#endif // QEDGE_CONVERSION_QEDGETOLINALG_QEDGETOLINALG_H
