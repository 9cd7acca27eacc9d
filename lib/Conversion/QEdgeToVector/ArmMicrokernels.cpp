//===- ArmMicrokernels.cpp - int8 microkernels for AArch64 ----------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "Microkernels.h"

using namespace mlir;
using namespace mlir::qedge;

std::unique_ptr<Int8Microkernel>
mlir::qedge::microkernels::createArmMicrokernel(const CodegenInfo &info) {
  return nullptr;
}
