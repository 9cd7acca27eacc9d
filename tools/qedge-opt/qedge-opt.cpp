//===- qedge-opt.cpp - The quant-edge optimizer driver --------------------===//
//
// Part of quant-edge.
//
// mlir-opt with quant-edge's dialects and passes added: every upstream
// dialect and pass stays available, so quant-edge passes chain freely with
// upstream ones.
//
// As the other tools, it refuses input nested deeper than the parser's stack
// allows and, before any pass, tensors larger than --max-tensor-bytes; -o
// writes as qedge::OutputFile does, so that a failed run leaves the
// previous output file as it was.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "qedge/InitQEdge.h"
#include "qedge/Tools/ToolSupport.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>

using namespace mlir;
using namespace mlir::qedge::tools;

static llvm::cl::opt<uint64_t>
    maxTensorBytes("max-tensor-bytes", llvm::cl::desc(kMaxTensorBytesHelp),
                   llvm::cl::value_desc("N"),
                   llvm::cl::init(kDefaultMaxTensorBytes));

static int fail(const llvm::Twine &message) {
  llvm::errs() << "qedge-opt: " << message << "\n";
  return 1;
}

static int runTool(int argc, char **argv) {
  registerAllPasses();
  qedge::registerAllPasses();
  registerCheckTensorSizesPass();

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  qedge::registerDialects(registry);

  auto [inputFilename, outputFilename] = registerAndParseCLIOptions(
      argc, argv, "quant-edge optimizer driver\n", registry);
  if (llvm::Error error = validateMaxTensorBytes(maxTensorBytes))
    return fail(llvm::toString(std::move(error)));

  // The size check runs first, before any pass can materialize a tensor.
  MlirOptMainConfig config = MlirOptMainConfig::createFromCLOptions();
  config.setPassPipelineSetupFn(
      [pipeline = config, maxBytes = maxTensorBytes.getValue()](
          PassManager &pm) {
        pm.addPass(createCheckTensorSizesPass(maxBytes));
        return pipeline.setupPassPipeline(pm);
      });

  // These print and return without reading the input.
  if (config.shouldShowDialects() || config.shouldListPasses())
    return asMainReturnCode(MlirOptMain(
        llvm::outs(), llvm::MemoryBuffer::getMemBuffer(""), registry, config));

  // As mlir-opt: waiting on a terminal looks like a hang otherwise.
  if (inputFilename == "-" &&
      llvm::sys::Process::FileDescriptorIsDisplayed(fileno(stdin)))
    llvm::errs() << "(processing input from stdin now, hit ctrl-c/ctrl-d to "
                    "interrupt)\n";

  std::string message;
  std::unique_ptr<llvm::MemoryBuffer> input =
      openInputFile(inputFilename, &message);
  if (!input)
    return fail(message);
  if (llvm::Error error = checkParsable(
          *input, inputFilename == "-" ? "<stdin>" : inputFilename))
    return fail(llvm::toString(std::move(error)));

  auto output = qedge::OutputFile::open(outputFilename);
  if (!output)
    return fail(llvm::toString(output.takeError()));
  if (failed(MlirOptMain((*output)->os(), std::move(input), registry, config)))
    return 1;
  if (llvm::Error error = (*output)->commit())
    return fail(llvm::toString(std::move(error)));
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  // Deeply nested input recurses deeply in the parser and in passes.
  return runOnLargeStack([&] { return runTool(argc, argv); });
}
