//===- qedge-run.cpp - JIT-execute a function on .npy inputs --------------===//
//
// Part of quant-edge.
//
// Runs one function of a .mlir file on the host:
//
//   qedge-run model.mlir --entry=NAME --input=a.npy --input=b.npy \
//             --output=y.npy [--benchmark=N] [--target=host]
//
// The signature of the entry is checked against the inputs before anything
// is compiled. The module is then lowered with the `qedge-lower-to-llvm`
// pipeline, which turns tensor arguments into memrefs and results into
// trailing out-parameters, and JIT-compiled. The runner calls the entry's C
// interface `_mlir_ciface_NAME(Desc *arg0, ..., Desc *out0, ...)` with one
// memref descriptor per argument and result, over buffers it owns, and writes
// each result buffer to its --output file.
//
// Every failure prints one line starting with `qedge-run: ` (or located MLIR
// diagnostics for a malformed module) and exits with 1.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "qedge/InitQEdge.h"
#include "qedge/Pipelines/Pipelines.h"
#include "qedge/Target/Target.h"
#include "qedge/Tools/ToolSupport.h"
#include "qedge/Runtime/MemRef.h"
#include "qedge/Runtime/Npy.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/DynamicLibrary.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

using namespace mlir;
using namespace mlir::qedge::tools;

namespace cl = llvm::cl;

static cl::OptionCategory runCategory("qedge-run options");

static cl::opt<std::string> inputFilename(cl::Positional,
                                          cl::desc("<input .mlir file>"),
                                          cl::init("-"), cl::cat(runCategory));

static cl::opt<std::string> entryName("entry", cl::desc("The func.func to run"),
                                      cl::value_desc("name"), cl::init("main"),
                                      cl::cat(runCategory));

static cl::list<std::string>
    inputFiles("input",
               cl::desc("A .npy file for the next argument of the entry "
                        "(repeat, in argument order)"),
               cl::value_desc("file.npy"), cl::cat(runCategory));

static cl::list<std::string>
    outputFiles("output",
                cl::desc("A .npy file for the next result of the entry "
                         "(repeat, in result order; none: run only)"),
                cl::value_desc("file.npy"), cl::cat(runCategory));

static cl::opt<unsigned>
    benchmarkRuns("benchmark",
                  cl::desc("Run N times after a warm-up call and print the "
                           "median and minimum time per call"),
                  cl::value_desc("N"), cl::init(0), cl::cat(runCategory));

static cl::opt<std::string>
    targetName("target",
               cl::desc("Target to compile for: host, or a named target "
                        "this machine can execute (same architecture, "
                        "every feature present)"),
               cl::value_desc("name"), cl::init("host"), cl::cat(runCategory));

namespace {

/// Prints `message` as the one line of a failure and returns the exit code.
int fail(const llvm::Twine &message) {
  llvm::errs() << "qedge-run: " << message << "\n";
  return 1;
}

//===----------------------------------------------------------------------===//
// Inputs and results
//===----------------------------------------------------------------------===//

/// Owns the .npy arrays of a run.
struct Arrays {
  std::vector<qedge_npy_array> arrays;

  Arrays() = default;
  Arrays(const Arrays &) = delete;
  Arrays &operator=(const Arrays &) = delete;
  ~Arrays() {
    for (qedge_npy_array &array : arrays)
      qedge_npy_free(&array);
  }
};

/// Reads every input and checks its dtype and shape against its argument.
llvm::Error readInputs(llvm::ArrayRef<std::string> paths,
                       llvm::ArrayRef<BufferType> arguments, Arrays &inputs) {
  char npyError[512];
  inputs.arrays.resize(paths.size());
  for (auto [index, path] : llvm::enumerate(paths)) {
    qedge_npy_array &array = inputs.arrays[index];
    if (qedge_npy_read(path.c_str(), &array, npyError, sizeof(npyError)) !=
        QEDGE_NPY_OK)
      return makeError(npyError);
    const BufferType &expected = arguments[index];
    std::string what =
        "input " + std::to_string(index + 1) + " ('" + path + "'): ";
    if (array.dtype != expected.dtype && array.dtype != expected.altDtype)
      return makeError(what + "dtype " + qedge_npy_dtype_name(array.dtype) +
                       " does not match argument type " +
                       typeToString(expected.type));
    llvm::ArrayRef<int64_t> shape(array.shape, array.rank);
    if (shape != llvm::ArrayRef<int64_t>(expected.shape))
      return makeError(what + "shape " + shapeToString(shape) +
                       " does not match argument type " +
                       typeToString(expected.type));
  }
  return llvm::Error::success();
}

/// Allocates a zeroed buffer for every result.
llvm::Error allocateResults(llvm::ArrayRef<BufferType> results,
                            Arrays &outputs) {
  char npyError[512];
  outputs.arrays.resize(results.size());
  for (auto [index, expected] : llvm::enumerate(results))
    if (qedge_npy_alloc(&outputs.arrays[index], expected.dtype,
                        expected.shape.size(), expected.shape.data(), npyError,
                        sizeof(npyError)) != QEDGE_NPY_OK)
      return makeError("result " + llvm::Twine(index + 1) + ": " + npyError);
  return llvm::Error::success();
}

/// Writes result i to paths[i]; with no paths, writes nothing.
llvm::Error writeOutputs(llvm::ArrayRef<std::string> paths,
                         const Arrays &outputs) {
  char npyError[512];
  for (auto [array, path] : llvm::zip(outputs.arrays, paths))
    if (qedge_npy_write(path.c_str(), &array, npyError, sizeof(npyError)) !=
        QEDGE_NPY_OK)
      return makeError(npyError);
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Target
//===----------------------------------------------------------------------===//

/// Creates the target machine to compile for `target`, or fails with a
/// message when this host cannot execute its code: a different architecture,
/// or a CPU feature the target enables and the host lacks (running it would
/// fault on an illegal instruction).
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createExecutableTargetMachine(const qedge::Target &target) {
  llvm::Triple triple(target.triple);
  llvm::Triple hostTriple(llvm::sys::getProcessTriple());
  if (triple.getArch() != hostTriple.getArch())
    return makeError("cannot execute code for target '" + target.name + "' (" +
                     triple.str() + ") on this " + hostTriple.getArchName() +
                     " host");

  llvm::orc::JITTargetMachineBuilder builder(triple);
  builder.setCPU(target.cpu);
  llvm::SmallVector<llvm::StringRef> features;
  llvm::StringRef(target.features)
      .split(features, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  builder.addFeatures(
      std::vector<std::string>(features.begin(), features.end()));
  builder.setCodeGenOptLevel(llvm::CodeGenOptLevel::Default);
  auto machine = builder.createTargetMachine();
  if (!machine)
    return machine.takeError();

  // Compare the features the target's CPU and feature string enable with the
  // host's. Tuning flags are not host features and are not compared.
  llvm::StringMap<bool> host = llvm::sys::getHostCPUFeatures();
  const llvm::MCSubtargetInfo *info = (*machine)->getMCSubtargetInfo();
  llvm::SmallVector<llvm::StringRef> missing;
  for (const llvm::SubtargetFeatureKV &feature :
       info->getAllProcessorFeatures()) {
    if (!info->getFeatureBits().test(feature.Value))
      continue;
    auto it = host.find(feature.Key);
    if (it != host.end() && !it->second)
      missing.push_back(feature.Key);
  }
  if (!missing.empty())
    return makeError("cannot execute code for target '" + target.name +
                     "' on this host: it lacks " + llvm::join(missing, ", "));
  return machine;
}

//===----------------------------------------------------------------------===//
// Lowering and JIT compilation
//===----------------------------------------------------------------------===//

/// The name under which the runner provides `qedge_memref_copy`.
constexpr llvm::StringLiteral kMemrefCopyName = "memrefCopy";

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
llvm::Error checkExternalSymbols(ModuleOp module) {
  llvm::sys::DynamicLibrary::LoadLibraryPermanently(nullptr);
  for (auto func : module.getOps<LLVM::LLVMFuncOp>()) {
    llvm::StringRef name = func.getSymName();
    if (!func.isExternal() || name.starts_with("llvm.") ||
        name == kMemrefCopyName)
      continue;
    if (!llvm::sys::DynamicLibrary::SearchForAddressOfSymbol(name.str()))
      return makeError("the module calls '" + name +
                       "', which it does not define and qedge-run does not "
                       "provide");
  }
  return llvm::Error::success();
}

/// Lowers `module` to the LLVM dialect with the `qedge-lower-to-llvm`
/// pipeline and checks the interface of `entry` it produced. Pass failures
/// have printed located diagnostics already.
llvm::Error lowerToLLVM(ModuleOp module, func::FuncOp entry,
                        const Signature &signature, llvm::StringRef file) {
  std::string name = entry.getSymName().str();
  // The C interface takes every memref by pointer to its descriptor, which
  // the runner builds; the entry stays public so that the lowering keeps it
  // and turns its results into out-parameters.
  entry.setPublic();
  entry->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                 UnitAttr::get(module.getContext()));

  PassManager pm(module.getContext());
  if (failed(applyPassManagerCLOptions(pm)))
    return makeError("invalid pass manager options");
  qedge::LowerToLLVMOptions options;
  options.target = targetName;
  qedge::buildLowerToLLVMPipeline(pm, options);
  if (failed(pm.run(module)))
    return makeError("lowering '" + file + "' to LLVM failed");
  if (llvm::Error error = checkLoweredInterface(
          module, name, signature.arguments.size() + signature.results.size()))
    return error;
  return checkExternalSymbols(module);
}

/// A JIT-compiled entry: its packed wrapper, which takes an array of
/// pointers to the argument values.
struct CompiledEntry {
  std::unique_ptr<ExecutionEngine> engine;
  void (*packed)(void **) = nullptr;
};

/// JIT-compiles the lowered `module` for `machine` at O2 and looks up the
/// packed wrapper of `_mlir_ciface_<name>`. Looking it up compiles it, so
/// compile time stays out of any benchmark.
llvm::Expected<CompiledEntry>
compile(ModuleOp module, llvm::StringRef name,
        std::unique_ptr<llvm::TargetMachine> machine) {
  // The transformer runs inside create(), while `machine` is alive.
  auto optimize =
      makeOptimizingTransformer(/*optLevel=*/2, /*sizeLevel=*/0, machine.get());
  ExecutionEngineOptions options;
  options.transformer = optimize;
  auto engine = ExecutionEngine::create(module, options, std::move(machine));
  if (!engine)
    return makeError("cannot JIT-compile '" + name +
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

  auto packed = (*engine)->lookupPacked(("_mlir_ciface_" + name).str());
  if (!packed)
    return makeError("cannot JIT-compile '" + name +
                     "': " + llvm::toString(packed.takeError()));
  (*engine)->initialize();
  return CompiledEntry{std::move(*engine), *packed};
}

//===----------------------------------------------------------------------===//
// Calling convention
//===----------------------------------------------------------------------===//

/// A ranked memref descriptor as the LLVM lowering lays it out and the C
/// interface takes it by pointer: {allocated, aligned, offset, sizes[rank],
/// strides[rank]}, pointers and integers all 64-bit words on the hosts
/// quant-edge runs on.
struct Descriptor {
  llvm::SmallVector<int64_t> words;

  Descriptor(void *data, llvm::ArrayRef<int64_t> shape) {
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

/// Calls the entry once, or, with `runs` > 0, once to warm up and `runs`
/// times timed, printing the median and minimum time per call.
void run(const CompiledEntry &compiled, llvm::StringRef name,
         const Signature &signature, Arrays &inputs, Arrays &outputs,
         unsigned runs) {
  // The packed convention: packedArgs[i] points to the value of argument i,
  // and the value of a C-interface argument is a pointer to a descriptor.
  // Results follow the arguments as out-parameters.
  std::vector<Descriptor> descriptors;
  for (auto [array, type] : llvm::zip_equal(inputs.arrays, signature.arguments))
    descriptors.emplace_back(array.data, type.shape);
  for (auto [array, type] : llvm::zip_equal(outputs.arrays, signature.results))
    descriptors.emplace_back(array.data, type.shape);
  std::vector<void *> descriptorPtrs;
  for (Descriptor &descriptor : descriptors)
    descriptorPtrs.push_back(descriptor.words.data());
  std::vector<void *> packedArgs;
  for (void *&descriptorPtr : descriptorPtrs)
    packedArgs.push_back(&descriptorPtr);

  compiled.packed(packedArgs.data());
  if (runs == 0)
    return;

  std::vector<double> micros;
  micros.reserve(runs);
  for (unsigned i = 0; i < runs; ++i) {
    auto start = std::chrono::steady_clock::now();
    compiled.packed(packedArgs.data());
    auto stop = std::chrono::steady_clock::now();
    micros.push_back(
        std::chrono::duration<double, std::micro>(stop - start).count());
  }
  std::sort(micros.begin(), micros.end());
  size_t mid = micros.size() / 2;
  double median =
      micros.size() % 2 ? micros[mid] : (micros[mid - 1] + micros[mid]) / 2;
  llvm::outs() << "qedge-run: " << name << ": median "
               << llvm::format("%.3f", median) << " us, min "
               << llvm::format("%.3f", micros.front()) << " us over "
               << plural(runs, "call") << "\n";
  llvm::outs().flush();
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  // libLLVM.so registers hundreds of backend options; --help shows the
  // runner's own (--help-hidden lists the rest, MLIR's debugging flags such
  // as --mlir-print-ir-after-all included).
  cl::HideUnrelatedOptions(runCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "quant-edge runner: JIT-executes a function of a .mlir file on .npy "
      "inputs\n\n"
      "  qedge-run FILE.mlir --entry=NAME --input=a.npy [--input=b.npy ...]\n"
      "            [--output=y.npy ...] [--benchmark=N] [--target=host]\n");

  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();

  // The target first: it needs no input and fails fastest.
  std::optional<qedge::Target> target = qedge::lookupTarget(targetName);
  if (!target)
    return fail("unknown target '" + targetName +
                "'; expected one of: " + qedge::getTargetNames());
  auto machine = createExecutableTargetMachine(*target);
  if (!machine)
    return fail(llvm::toString(machine.takeError()));

  DialectRegistry registry;
  registerToolDialects(registry);
  MLIRContext context(registry);

  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  auto parsed = parseInputFile(inputFilename, context, sourceMgr);
  if (!parsed)
    return fail(llvm::toString(parsed.takeError()));
  OwningOpRef<ModuleOp> module = std::move(*parsed);
  if (!module)
    return 1; // The parser or verifier printed located diagnostics.

  // Everything about the entry and the inputs is checked before compiling.
  auto entry = findEntry(*module, entryName, inputFilename);
  if (!entry)
    return fail(llvm::toString(entry.takeError()));
  auto signature = getSignature(*entry);
  if (!signature)
    return fail(llvm::toString(signature.takeError()));
  if (inputFiles.size() != signature->arguments.size())
    return fail("'" + entryName + "' takes " +
                plural(signature->arguments.size(), "argument") +
                ", but --input was given " + plural(inputFiles.size(), "time"));
  if (!outputFiles.empty() && outputFiles.size() != signature->results.size())
    return fail("'" + entryName + "' returns " +
                plural(signature->results.size(), "result") +
                ", but --output was given " +
                plural(outputFiles.size(), "time"));
  Arrays inputs, outputs;
  if (llvm::Error error = readInputs(inputFiles, signature->arguments, inputs))
    return fail(llvm::toString(std::move(error)));
  if (llvm::Error error = allocateResults(signature->results, outputs))
    return fail(llvm::toString(std::move(error)));

  if (llvm::Error error =
          lowerToLLVM(*module, *entry, *signature, inputFilename))
    return fail(llvm::toString(std::move(error)));
  auto compiled = compile(*module, entryName, std::move(*machine));
  if (!compiled)
    return fail(llvm::toString(compiled.takeError()));

  run(*compiled, entryName, *signature, inputs, outputs, benchmarkRuns);

  if (llvm::Error error = writeOutputs(outputFiles, outputs))
    return fail(llvm::toString(std::move(error)));
  return 0;
}
