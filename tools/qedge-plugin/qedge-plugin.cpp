//===- qedge-plugin.cpp - quant-edge as an mlir-opt plugin ----------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "qedge/InitQEdge.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Compiler.h"

using namespace mlir;

/// Entry point of `--load-dialect-plugin`: the dialects, and the passes so
/// that a single plugin flag is enough.
extern "C" LLVM_ATTRIBUTE_WEAK DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "QEdge", LLVM_VERSION_STRING,
          [](DialectRegistry *registry) {
            qedge::registerDialects(*registry);
            qedge::registerAllPasses();
          }};
}

/// Entry point of `--load-pass-plugin`.
extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "QEdgePasses", LLVM_VERSION_STRING,
          []() { qedge::registerAllPasses(); }};
}
