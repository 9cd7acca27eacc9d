//===- ParseFuzzer.cpp - libFuzzer target for parsing and lowering --------===//
//
// Part of quant-edge.
//
// The input is MLIR text (seeded from the lit tests, mutated with the
// dictionary of qedge keywords). It is parsed and verified in a context
// with the tools' dialects, as qedge-opt and qedge-run do; a module that
// verifies goes through the default pipeline (qedge-lower-to-llvm) for one of
// the named targets. Diagnostics are expected; a crash, an assertion, a
// sanitizer report or a leak is a finding (docs/DESIGN: no input, however
// malformed, may crash).
//
// Two limits keep the fuzzer on malformed input rather than on big work:
// modules with a tensor of more than kMaxElements elements are parsed and
// verified but not lowered (constant folding is linear in the elements),
// and the input is at most what -max_len allows.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "qedge/Pipelines/Pipelines.h"
#include "qedge/Tools/ToolSupport.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

using namespace mlir;

namespace {

/// Above this many elements a tensor is big work, not a malformed input.
constexpr int64_t kMaxElements = 1 << 16;

/// The targets the lowering is asked for, one chosen by the input.
constexpr llvm::StringLiteral kTargets[] = {
    "x86-64",  "x86-64-v3",       "x86-64-v4",   "x86-64-v4+vnni",
    "aarch64", "aarch64+dotprod", "aarch64+i8mm"};

/// A context is reused for this many inputs: creating one per input would
/// dominate the time, keeping one forever would grow without bound (types
/// and attributes are uniqued in it).
constexpr unsigned kInputsPerContext = 2000;

DialectRegistry &getRegistry() {
  static DialectRegistry *registry = [] {
    auto *r = new DialectRegistry;
    qedge::tools::registerToolDialects(*r);
    return r;
  }();
  return *registry;
}

/// The context, and one pass manager per target built in it (building the
/// pipeline costs about as much as lowering a small module).
struct Session {
  std::unique_ptr<MLIRContext> context;
  std::vector<std::unique_ptr<PassManager>> pipelines;
};

Session &getSession() {
  static Session session;
  static unsigned uses = 0;
  if (!session.context || ++uses == kInputsPerContext) {
    session.pipelines.clear();
    session.context = std::make_unique<MLIRContext>(
        getRegistry(), MLIRContext::Threading::DISABLED);
    for (llvm::StringRef target : kTargets) {
      auto pm = std::make_unique<PassManager>(session.context.get());
      qedge::LowerToLLVMOptions options;
      options.target = target.str();
      qedge::buildLowerToLLVMPipeline(*pm, options);
      session.pipelines.push_back(std::move(pm));
    }
    uses = 0;
  }
  return session;
}

/// Whether some value or attribute of `module` is a tensor above the limit.
bool hasHugeTensor(ModuleOp module) {
  auto huge = [](Type type) {
    auto shaped = dyn_cast<ShapedType>(type);
    return shaped && shaped.hasStaticShape() &&
           (shaped.getNumElements() > kMaxElements ||
            shaped.getNumElements() < 0);
  };
  bool found = false;
  module->walk([&](Operation *op) {
    for (Type type : op->getResultTypes())
      found |= huge(type);
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument argument : block.getArguments())
          found |= huge(argument.getType());
    return found ? WalkResult::interrupt() : WalkResult::advance();
  });
  return found;
}

} // namespace

// libMLIR.so and libLLVM.so are not instrumented, but the LLVM headers this
// fuzzer and the project's libraries include are: their inline allocator
// code poisons slabs that the library's own copy then hands out unpoisoned
// in its view, which ASan reports as use-after-poison. Manual poisoning is
// therefore off; every other check stays.
extern "C" const char *__asan_default_options() {
  return "allow_user_poisoning=0";
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Session &session = getSession();
  MLIRContext &context = *session.context;
  // Diagnostics are the expected outcome of most inputs; they are dropped.
  ScopedDiagnosticHandler silence(&context, [](Diagnostic &) {
    return success();
  });
  // The lexer reads up to a terminating NUL, as files are read.
  std::string text(reinterpret_cast<const char *>(data), size);
  ParserConfig config(&context);
  OwningOpRef<ModuleOp> module = parseSourceString<ModuleOp>(text, config);
  if (!module || hasHugeTensor(*module))
    return 0;

  unsigned sum = 0;
  for (size_t i = 0; i < size; ++i)
    sum += data[i];
  (void)session.pipelines[sum % session.pipelines.size()]->run(*module);
  return 0;
}
