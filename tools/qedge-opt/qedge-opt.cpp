//===- qedge-opt.cpp - The quant-edge optimizer driver --------------------===//
//
// Part of quant-edge.
//
// mlir-opt with quant-edge's dialects and passes added: every upstream
// dialect and pass stays available, so quant-edge passes chain freely with
// upstream ones.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "qedge/InitQEdge.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::qedge::registerAllPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::qedge::registerDialects(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "quant-edge optimizer driver\n", registry));
}
