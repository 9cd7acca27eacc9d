//===- JitFunction.cpp - A JIT-compiled quant-edge function ---------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/ExecutionEngine/JitFunction.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/Pass/PassManager.h"
#include "qedge/ExecutionEngine/ExecutableTarget.h"
#include "qedge/Pipelines/Pipelines.h"
#include "qedge/Runtime/MemRef.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Target/TargetMachine.h"

#include <chrono>

using namespace mlir;
using namespace mlir::qedge;
using namespace mlir::qedge::tools;

namespace {

/// The name under which the runner provides `qedge_memref_copy`.
constexpr llvm::StringLiteral kMemrefCopyName = "memrefCopy";

//===----------------------------------------------------------------------===//
// Lowering
//===----------------------------------------------------------------------===//

/// Checks that the lowered module exposes `_mlir_ciface_<name>` taking one
/// pointer per argument and result and returning nothing: the convention the
/// runner calls.
llvm::Error checkLoweredInterface(ModuleOp module, llvm::StringRef name,
                                  size_t numBuffers) {
  std::string cifaceName = ("_mlir_ciface_" + name).str();
  auto ciface = module.lookupSymbol<LLVM::LLVMFuncOp>(cifaceName);
  if (!ciface)
    return makeError("the lowered module has no '" + cifaceName + "'");
  LLVM::LLVMFunctionType type = ciface.getFunctionType();
  bool allPointers = llvm::all_of(type.getParams(), [](Type param) {
    return isa<LLVM::LLVMPointerType>(param);
  });
  if (!isa<LLVM::LLVMVoidType>(type.getReturnType()) ||
      type.getNumParams() != numBuffers || !allPointers)
    return makeError("the lowered '" + cifaceName + "' has type " +
                     typeToString(type) +
                     ", not one pointer per argument and result (" +
                     llvm::Twine(numBuffers) + ") returning void");
  return llvm::Error::success();
}

/// Checks that every function the lowered module declares but does not define
/// is provided by the runner or found in the process (libc, libm), so that a
/// missing one is reported by name rather than by the JIT's materialization
/// error.
llvm::Error checkExternalSymbols(ModuleOp module, llvm::StringRef runnerName) {
  llvm::sys::DynamicLibrary::LoadLibraryPermanently(nullptr);
  for (auto func : module.getOps<LLVM::LLVMFuncOp>()) {
    llvm::StringRef name = func.getSymName();
    if (!func.isExternal() || name.starts_with("llvm.") ||
        name == kMemrefCopyName)
      continue;
    if (!llvm::sys::DynamicLibrary::SearchForAddressOfSymbol(name.str()))
      return makeError("the module calls '" + name +
                       "', which it does not define and " + runnerName +
                       " does not provide");
  }
  return llvm::Error::success();
}

/// Lowers `module` to the LLVM dialect with the `qedge-lower-to-llvm`
/// pipeline and checks the interface of `entry` it produced. Pass failures
/// have reported located diagnostics already.
llvm::Error lowerToLLVM(ModuleOp module, func::FuncOp entry,
                        const Signature &signature, const JitOptions &options) {
  std::string name = entry.getSymName().str();
  // The C interface takes every memref by pointer to its descriptor, which
  // the runner builds; the entry stays public so that the lowering keeps it
  // and turns its results into out-parameters.
  entry.setPublic();
  markArgumentsReadOnly(entry);
  entry->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                 UnitAttr::get(module.getContext()));

  PassManager pm(module.getContext());
  if (options.configurePassManager && failed(options.configurePassManager(pm)))
    return makeError("invalid pass manager options");
  LowerToLLVMOptions pipelineOptions;
  pipelineOptions.target = options.target;
  buildLowerToLLVMPipeline(pm, pipelineOptions);
  if (failed(pm.run(module)))
    return makeError("lowering '" + options.fileName + "' to LLVM failed");
  if (llvm::Error error = checkLoweredInterface(
          module, name, signature.arguments.size() + signature.results.size()))
    return error;
  return checkExternalSymbols(module, options.runnerName);
}

//===----------------------------------------------------------------------===//
// Calling convention
//===----------------------------------------------------------------------===//

/// A ranked memref descriptor as the LLVM lowering lays it out and the C
/// interface takes it by pointer: {allocated, aligned, offset, sizes[rank],
/// strides[rank]}, pointers and integers all 64-bit words on the hosts
/// quant-edge runs on.
struct Descriptor {
  llvm::SmallVector<int64_t, 11> words;

  Descriptor(const void *data, llvm::ArrayRef<int64_t> shape) {
    static_assert(sizeof(void *) == sizeof(int64_t),
                  "descriptors are built for 64-bit hosts");
    size_t rank = shape.size();
    words.assign(3 + 2 * rank, 0);
    // The callee never frees its arguments or out-parameters, so the
    // allocated and aligned pointers may both be the data.
    words[0] = words[1] =
        static_cast<int64_t>(reinterpret_cast<intptr_t>(data));
    words[2] = 0;
    int64_t stride = 1;
    for (size_t i = rank; i-- > 0;) {
      words[3 + i] = shape[i];
      words[3 + rank + i] = stride;
      stride *= shape[i];
    }
  }
};

/// A call of the packed wrapper over the caller's buffers: packedArgs[i]
/// points to the value of argument i, and the value of a C-interface
/// argument is a pointer to a descriptor. Results follow the arguments as
/// out-parameters.
class PackedCall {
public:
  PackedCall(void (*packed)(void **), const Signature &signature,
             llvm::ArrayRef<const void *> arguments,
             llvm::ArrayRef<void *> results)
      : packed(packed) {
    for (auto [data, type] : llvm::zip_equal(arguments, signature.arguments))
      descriptors.emplace_back(data, type.shape);
    for (auto [data, type] : llvm::zip_equal(results, signature.results))
      descriptors.emplace_back(data, type.shape);
    for (Descriptor &descriptor : descriptors)
      descriptorPtrs.push_back(descriptor.words.data());
    for (void *&descriptorPtr : descriptorPtrs)
      packedArgs.push_back(&descriptorPtr);
  }
  PackedCall(const PackedCall &) = delete;
  PackedCall &operator=(const PackedCall &) = delete;

  void invoke() { packed(packedArgs.data()); }

private:
  void (*packed)(void **);
  llvm::SmallVector<Descriptor, 4> descriptors;
  llvm::SmallVector<void *, 4> descriptorPtrs;
  llvm::SmallVector<void *, 4> packedArgs;
};

/// Checks that the caller passed one buffer per argument and result.
llvm::Error checkBufferCounts(llvm::StringRef name, const Signature &signature,
                              size_t numArguments, size_t numResults) {
  if (numArguments != signature.arguments.size())
    return makeError("'" + name + "' takes " +
                     plural(signature.arguments.size(), "argument") +
                     ", but was given " + plural(numArguments, "buffer"));
  if (numResults != signature.results.size())
    return makeError("'" + name + "' returns " +
                     plural(signature.results.size(), "result") +
                     ", but was given " + plural(numResults, "buffer"));
  return llvm::Error::success();
}

} // namespace

//===----------------------------------------------------------------------===//
// JitFunction
//===----------------------------------------------------------------------===//

JitFunction::JitFunction(std::unique_ptr<ExecutionEngine> engine,
                         void (*packed)(void **), std::string name,
                         Signature signature)
    : engine(std::move(engine)), packed(packed), name(std::move(name)),
      signature(std::move(signature)) {}

JitFunction::~JitFunction() = default;

llvm::Expected<std::unique_ptr<JitFunction>>
JitFunction::create(ModuleOp module, llvm::StringRef entryName,
                    const JitOptions &options) {
  auto target = lookupExecutableTarget(options.target);
  if (!target)
    return target.takeError();
  auto entry = findEntry(module, entryName, options.fileName);
  if (!entry)
    return entry.takeError();
  auto signature = tools::getSignature(*entry);
  if (!signature)
    return signature.takeError();
  if (llvm::Error error = lowerToLLVM(module, *entry, *signature, options))
    return std::move(error);

  // The transformer runs inside create(), while the machine is alive.
  target->machine->setOptLevel(options.codeGenOptLevel);
  auto optimize = makeOptimizingTransformer(options.llvmOptLevel,
                                            /*sizeLevel=*/0,
                                            target->machine.get());
  ExecutionEngineOptions engineOptions;
  engineOptions.transformer = optimize;
  auto engine = ExecutionEngine::create(module, engineOptions,
                                        std::move(target->machine));
  if (!engine)
    return makeError("cannot JIT-compile '" + entryName +
                     "': " + llvm::toString(engine.takeError()));

  // The lowering of a non-contiguous memref.copy calls `memrefCopy`; the C
  // runtime implements it, so no MLIR runtime library has to be found.
  (*engine)->registerSymbols([](llvm::orc::MangleAndInterner interner) {
    llvm::orc::SymbolMap symbols;
    symbols[interner(kMemrefCopyName)] = {
        llvm::orc::ExecutorAddr::fromPtr(&qedge_memref_copy),
        llvm::JITSymbolFlags::Exported};
    return symbols;
  });

  // Looking the wrapper up compiles it, so no call pays for compilation.
  auto packed = (*engine)->lookupPacked(("_mlir_ciface_" + entryName).str());
  if (!packed)
    return makeError("cannot JIT-compile '" + entryName +
                     "': " + llvm::toString(packed.takeError()));
  (*engine)->initialize();
  return std::unique_ptr<JitFunction>(new JitFunction(
      std::move(*engine), *packed, entryName.str(), std::move(*signature)));
}

llvm::Error JitFunction::call(llvm::ArrayRef<const void *> arguments,
                              llvm::ArrayRef<void *> results) const {
  if (llvm::Error error =
          checkBufferCounts(name, signature, arguments.size(), results.size()))
    return error;
  PackedCall(packed, signature, arguments, results).invoke();
  return llvm::Error::success();
}

llvm::Expected<std::vector<double>>
JitFunction::benchmark(llvm::ArrayRef<const void *> arguments,
                       llvm::ArrayRef<void *> results, unsigned runs) const {
  if (llvm::Error error =
          checkBufferCounts(name, signature, arguments.size(), results.size()))
    return std::move(error);
  PackedCall packedCall(packed, signature, arguments, results);
  packedCall.invoke();
  std::vector<double> micros;
  micros.reserve(runs);
  for (unsigned i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    packedCall.invoke();
    auto stop = std::chrono::steady_clock::now();
    micros.push_back(
        std::chrono::duration<double, std::micro>(stop - start).count());
  }
  return micros;
}
