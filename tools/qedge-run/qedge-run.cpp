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
// is compiled. The module is then JIT-compiled by the QEdgeExecutionEngine
// library (qedge/ExecutionEngine/JitFunction.h), which calls the entry on
// buffers the runner owns; the runner writes each result buffer to its
// --output file.
//
// Every failure prints one line starting with `qedge-run: ` (or located MLIR
// diagnostics for a malformed module) and exits with 1. No tensor of the
// module and no input array may exceed --max-tensor-bytes; outputs are
// written as qedge::OutputFile does (through the runtime's writer).
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "qedge/ExecutionEngine/ExecutableTarget.h"
#include "qedge/ExecutionEngine/JitFunction.h"
#include "qedge/Runtime/Benchmark.h"
#include "qedge/Dialect/QEdge/Transforms/BatchedEntry.h"
#include "qedge/Runtime/Npy.h"
#include "qedge/Tools/ToolSupport.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/raw_ostream.h"

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

static cl::opt<bool> batched(
    "batched",
    cl::desc("Run the entry over every sample of the inputs: each input "
             "holds a multiple of its argument's first dimension, the entry "
             "runs on each group, and each result is their concatenation "
             "along the first dimension"),
    cl::init(false), cl::cat(runCategory));

static cl::opt<std::string>
    targetName("target",
               cl::desc("Target to compile for: host, or a named target "
                        "this machine can execute (same architecture, "
                        "every feature present)"),
               cl::value_desc("name"), cl::init("host"), cl::cat(runCategory));

static cl::opt<uint64_t> maxTensorBytes("max-tensor-bytes",
                                        cl::desc(kMaxTensorBytesHelp),
                                        cl::value_desc("N"),
                                        cl::init(kDefaultMaxTensorBytes),
                                        cl::cat(runCategory));

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

/// Finds the entry and records its signature, checking that --input and
/// --output were given once per argument and result.
llvm::Expected<Signature> getEntrySignature(ModuleOp module,
                                            llvm::StringRef name) {
  auto entry = findEntry(module, name, inputFilename);
  if (!entry)
    return entry.takeError();
  auto signature = getSignature(*entry);
  if (!signature)
    return signature.takeError();
  if (inputFiles.size() != signature->arguments.size())
    return makeError("'" + entryName + "' takes " +
                     plural(signature->arguments.size(), "argument") +
                     ", but --input was given " +
                     plural(inputFiles.size(), "time"));
  if (!outputFiles.empty() && outputFiles.size() != signature->results.size())
    return makeError("'" + entryName + "' returns " +
                     plural(signature->results.size(), "result") +
                     ", but --output was given " +
                     plural(outputFiles.size(), "time"));
  return signature;
}

/// Rejects options that contradict each other, before reading anything.
llvm::Error checkOptions() {
  if (llvm::Error error = validateMaxTensorBytes(maxTensorBytes))
    return error;
  for (auto [index, path] : llvm::enumerate(outputFiles))
    for (size_t other = 0; other < index; ++other)
      if (outputFiles[other] == path)
        return makeError("--output '" + path + "' is given for results " +
                         llvm::Twine(other + 1) + " and " +
                         llvm::Twine(index + 1));
  return llvm::Error::success();
}

/// Reads every input and checks its dtype and shape against its argument.
llvm::Error readInputs(llvm::ArrayRef<std::string> paths,
                       llvm::ArrayRef<BufferType> arguments, Arrays &inputs) {
  char npyError[512];
  inputs.arrays.resize(paths.size());
  for (auto [index, path] : llvm::enumerate(paths)) {
    qedge_npy_array &array = inputs.arrays[index];
    qedge_npy_status status = qedge_npy_read_limited(
        path.c_str(), &array, maxTensorBytes, npyError, sizeof(npyError));
    if (status == QEDGE_NPY_ERROR_TOO_LARGE)
      return makeError(llvm::Twine(npyError) +
                       " (--max-tensor-bytes raises it)");
    if (status != QEDGE_NPY_OK)
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

/// With --batched, adds the function that runs the entry over every sample
/// of the inputs (their first dimension, read from the first input's
/// header) and returns its name; else returns the entry's.
llvm::Expected<std::string> prepareEntry(ModuleOp module) {
  if (!batched)
    return entryName.getValue();
  auto entry = findEntry(module, entryName, inputFilename);
  if (!entry)
    return entry.takeError();
  if (inputFiles.empty())
    return makeError("--batched needs the entry to take arguments");
  char npyError[512];
  qedge_npy_reader reader;
  if (qedge_npy_open(inputFiles[0].c_str(), &reader, npyError,
                     sizeof(npyError)) != QEDGE_NPY_OK)
    return makeError(npyError);
  int64_t samples = reader.header.shape[0];
  qedge_npy_close(&reader);
  std::string name = qedge::getBatchedEntryName(entryName);
  if (llvm::Error error =
          qedge::addBatchedEntry(module, *entry, samples, name))
    return makeError("input 1 ('" + inputFiles[0] + "'): " +
                     llvm::toString(std::move(error)));
  return name;
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

/// Calls the entry once, or, with `runs` > 0, once to warm up and `runs`
/// times timed, printing the median and minimum time per call.
llvm::Error run(const qedge::JitFunction &jit, const Arrays &inputs,
                Arrays &outputs, unsigned runs) {
  llvm::SmallVector<const void *> arguments;
  for (const qedge_npy_array &array : inputs.arrays)
    arguments.push_back(array.data);
  llvm::SmallVector<void *> results;
  for (qedge_npy_array &array : outputs.arrays)
    results.push_back(array.data);
  if (runs == 0)
    return jit.call(arguments, results);

  auto micros = jit.benchmark(arguments, results, runs);
  if (!micros)
    return micros.takeError();
  double median = qedge_median_us(micros->data(), micros->size());
  llvm::outs() << "qedge-run: " << jit.getName() << ": median "
               << llvm::format("%.3f", median) << " us, min "
               << llvm::format("%.3f", micros->front()) << " us over "
               << plural(runs, "call") << "\n";
  llvm::outs().flush();
  return llvm::Error::success();
}

} // namespace

static int runTool(int argc, char **argv) {
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
      "            [--output=y.npy ...] [--batched] [--benchmark=N] "
      "[--target=host]\n");

  // The options and the target first: they need no input and fail fastest.
  if (llvm::Error error = checkOptions())
    return fail(llvm::toString(std::move(error)));
  if (auto target = qedge::lookupExecutableTarget(targetName); !target)
    return fail(llvm::toString(target.takeError()));

  InputModule input;
  auto module = input.parse(inputFilename, maxTensorBytes);
  if (!module)
    return fail(llvm::toString(module.takeError()));
  if (!*module)
    return 1; // Located diagnostics are printed.

  // Everything about the entry and the inputs is checked before compiling.
  auto runName = prepareEntry(*module);
  if (!runName)
    return fail(llvm::toString(runName.takeError()));
  // The batched entry's tensors hold every sample.
  if (batched && failed(checkTensorSizes(*module, maxTensorBytes)))
    return 1;
  auto signature = getEntrySignature(*module, *runName);
  if (!signature)
    return fail(llvm::toString(signature.takeError()));
  Arrays inputs, outputs;
  if (llvm::Error error = readInputs(inputFiles, signature->arguments, inputs))
    return fail(llvm::toString(std::move(error)));
  if (llvm::Error error = allocateResults(signature->results, outputs))
    return fail(llvm::toString(std::move(error)));

  qedge::JitOptions options;
  options.target = targetName;
  options.fileName = inputFilename;
  options.runnerName = "qedge-run";
  options.configurePassManager = applyPassManagerCLOptions;
  auto jit = qedge::JitFunction::create(*module, *runName, options);
  if (!jit)
    return fail(llvm::toString(jit.takeError()));
  if (llvm::Error error = run(**jit, inputs, outputs, benchmarkRuns))
    return fail(llvm::toString(std::move(error)));

  if (llvm::Error error = writeOutputs(outputFiles, outputs))
    return fail(llvm::toString(std::move(error)));
  return 0;
}

int main(int argc, char **argv) {
  // The runtime's .npy writer leaves removing its temporary on a signal to
  // the program. Taken before LLVM's handlers: theirs restore the previous
  // action and raise the signal again after removing the files the tools
  // register, which reaches this one on an interrupt (SIGINT, SIGTERM,
  // SIGHUP); on the signals that end a program abnormally (SIGXFSZ,
  // SIGQUIT, a crash) LLVM runs its handler list instead.
  qedge_npy_remove_temporaries_on_signals();
  llvm::InitLLVM initLLVM(argc, argv);
  llvm::sys::AddSignalHandler([](void *) { qedge_npy_remove_temporaries(); },
                              nullptr);
  // Deeply nested input recurses deeply in the parser and in passes.
  return runOnLargeStack([&] { return runTool(argc, argv); });
}
