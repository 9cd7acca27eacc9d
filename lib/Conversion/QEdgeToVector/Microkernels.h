//===- Microkernels.h - The microkernel builders ----------------*- C++ -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_LIB_CONVERSION_QEDGETOVECTOR_MICROKERNELS_H
#define QEDGE_LIB_CONVERSION_QEDGETOVECTOR_MICROKERNELS_H

#include "qedge/Conversion/QEdgeToVector/QEdgeToVector.h"

namespace mlir {
namespace qedge {
namespace microkernels {

/// Reads `count` elements of the 1-D tensor `source` from `offset`, in
/// bounds.
Value readVector(OpBuilder &b, Location loc, Value source, Value offset,
                 int64_t count);

/// The builders of each architecture, or null when `info` is not theirs.
std::unique_ptr<Int8Microkernel> createX86Microkernel(const CodegenInfo &info);
std::unique_ptr<Int8Microkernel> createArmMicrokernel(const CodegenInfo &info);

} // namespace microkernels
} // namespace qedge
} // namespace mlir

#endif // QEDGE_LIB_CONVERSION_QEDGETOVECTOR_MICROKERNELS_H
