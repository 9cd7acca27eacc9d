//===- qedge-calibrate.cpp - Gather calibration statistics ----------------===//
//
// Part of quant-edge.
//
// Runs the float program of a .mlir file over a calibration set and writes
// the module back with the statistics of every tensor a `qedge.calibrate`
// marks:
//
//   qedge-calibrate model.mlir --entry=NAME --input=x.npy [--input=...] \
//                   [--batch-size=N] [--bins=2048] -o calibrated.mlir
//
// Each --input holds the samples of one argument along its first dimension:
// an argument tensor<n x d...> takes files of shape [S, d...], S a multiple
// of n. The tool JIT-compiles, once, a function that runs the entry on one
// batch (--batch-size samples, n by default, a multiple of n) and returns the
// marked tensors; it streams the files a batch at a time and feeds each
// tensor's values to a QEdgeQuantMath StatisticsCollector, so memory does not
// grow with the number of samples (but for 8 bytes per batch and tensor: the
// batch extremes the moving average needs).
//
// Every failure prints one line starting with `qedge-calibrate: ` that names
// the file or the tensor (or located MLIR diagnostics for a malformed
// module) and exits with 1. No tensor of the module, or of the program that
// runs a batch, may exceed --max-tensor-bytes. The output file is written
// only on success, as qedge::OutputFile writes it.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"
#include "qedge/ExecutionEngine/ExecutableTarget.h"
#include "qedge/ExecutionEngine/JitFunction.h"
#include "qedge/QuantMath/Calibration.h"
#include "qedge/Dialect/QEdge/Transforms/BatchedEntry.h"
#include "qedge/Runtime/Npy.h"
#include "qedge/Tools/ToolSupport.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <string>
#include <vector>

using namespace mlir;
using namespace mlir::qedge;
using namespace mlir::qedge::tools;
namespace cl = llvm::cl;

static cl::OptionCategory calibrateCategory("qedge-calibrate options");

static cl::opt<std::string> inputFilename(cl::Positional,
                                          cl::desc("<input .mlir file>"),
                                          cl::init("-"),
                                          cl::cat(calibrateCategory));

static cl::opt<std::string> entryName("entry",
                                      cl::desc("The func.func to calibrate"),
                                      cl::value_desc("name"), cl::init("main"),
                                      cl::cat(calibrateCategory));

static cl::list<std::string> inputFiles(
    "input",
    cl::desc("The samples of the next argument of the entry, along the "
             "first dimension (repeat, in argument order)"),
    cl::value_desc("file.npy"), cl::cat(calibrateCategory));

static cl::opt<std::string> outputFilename("o",
                                           cl::desc("Output .mlir file"),
                                           cl::value_desc("file"),
                                           cl::init("-"),
                                           cl::cat(calibrateCategory));

static cl::opt<unsigned> batchSize(
    "batch-size",
    cl::desc("Samples per batch (default: the entry's own first dimension); "
             "statistics keep the extremes of each batch"),
    cl::value_desc("N"), cl::init(0), cl::cat(calibrateCategory));

static cl::opt<unsigned>
    histogramBins("bins",
                  cl::desc("Histogram bins per sign (a power of two)"),
                  cl::value_desc("N"),
                  cl::init(quantmath::kDefaultHistogramBins),
                  cl::cat(calibrateCategory));

static cl::opt<std::string>
    targetName("target",
               cl::desc("Target to run the float program on: host, or a "
                        "named target this machine can execute"),
               cl::value_desc("name"), cl::init("host"),
               cl::cat(calibrateCategory));

static cl::opt<uint64_t> maxTensorBytes("max-tensor-bytes",
                                        cl::desc(kMaxTensorBytesHelp),
                                        cl::value_desc("N"),
                                        cl::init(kDefaultMaxTensorBytes),
                                        cl::cat(calibrateCategory));

namespace {

/// Prints `message` as the one line of a failure and returns the exit code.
int fail(const llvm::Twine &message) {
  llvm::errs() << "qedge-calibrate: " << message << "\n";
  return 1;
}

/// The name of the function that runs one batch.
constexpr llvm::StringLiteral kBatchFunction = "__qedge_calibration_batch";

//===----------------------------------------------------------------------===//
// Markers and their names
//===----------------------------------------------------------------------===//

/// How messages name the tensor `marker` observes: its name, or its name
/// location if it has one, the argument it observes, or the op that computes it and where.
std::string describe(CalibrateOp marker) {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (std::optional<StringRef> name = marker.getName()) {
    os << "'" << *name << "'";
    return text;
  }
  if (auto name = dyn_cast<NameLoc>(marker.getLoc())) {
    os << "'" << name.getName().getValue() << "'";
    return text;
  }
  Value observed = marker.getInput();
  if (auto argument = dyn_cast<BlockArgument>(observed)) {
    os << "argument " << argument.getArgNumber() + 1 << " of @" << entryName;
    return text;
  }
  Operation *producer = observed.getDefiningOp();
  os << "the result of " << producer->getName() << " at ";
  producer->getLoc().print(os);
  return text;
}

/// The markers of `entry`, in order; fails on a marker elsewhere in the
/// module (it would never run) and when there is none.
llvm::Expected<SmallVector<CalibrateOp>> collectMarkers(ModuleOp module,
                                                        func::FuncOp entry) {
  SmallVector<CalibrateOp> markers;
  std::string elsewhere;
  module.walk([&](CalibrateOp marker) {
    if (marker->getParentOfType<func::FuncOp>() == entry)
      markers.push_back(marker);
    else if (elsewhere.empty())
      elsewhere = describe(marker) + " is outside @" + entryName.getValue() +
                  ", so calibrating @" + entryName.getValue() +
                  " never runs it";
  });
  if (!elsewhere.empty())
    return makeError(elsewhere);
  if (markers.empty())
    return makeError("@" + entryName + " in '" + inputFilename +
                     "' has no qedge.calibrate to gather statistics for (run "
                     "qedge-opt --qedge-insert-calibration first)");
  return markers;
}

//===----------------------------------------------------------------------===//
// The program that runs one batch
//===----------------------------------------------------------------------===//

/// Adds to `module` (a copy of the input) the function kBatchFunction: a
/// copy of the entry that returns the marked tensors, run over `batch`
/// samples; each marked tensor comes back concatenated along its first
/// dimension, one slice per call.
llvm::Error buildBatchFunction(ModuleOp module, func::FuncOp entry,
                               int64_t batch) {
  OpBuilder builder(module.getContext());
  builder.setInsertionPoint(entry);
  auto observe = cast<func::FuncOp>(builder.clone(*entry));
  observe.setSymName("__qedge_calibration_observe");
  observe.setPrivate();
  SmallVector<Value> observed;
  observe.walk([&](CalibrateOp marker) {
    observed.push_back(marker.getInput());
  });
  Operation *terminator = observe.getBody().back().getTerminator();
  builder.setInsertionPoint(terminator);
  func::ReturnOp::create(builder, terminator->getLoc(), observed);
  terminator->erase();
  observe.setFunctionType(builder.getFunctionType(
      observe.getArgumentTypes(), ValueRange(observed).getTypes()));
  return addBatchedEntry(module, observe, batch, kBatchFunction);
}

//===----------------------------------------------------------------------===//
// The calibration set
//===----------------------------------------------------------------------===//

/// The open input files, read a batch at a time.
struct CalibrationSet {
  std::vector<qedge_npy_reader> readers;
  int64_t samples = 0;
  CalibrationSet() = default;
  CalibrationSet(const CalibrationSet &) = delete;
  CalibrationSet &operator=(const CalibrationSet &) = delete;
  ~CalibrationSet() {
    for (qedge_npy_reader &reader : readers)
      qedge_npy_close(&reader);
  }
};

/// Opens every input and checks it against its argument: f32 samples of the
/// argument's shape along the first dimension, the
/// same number of samples in every file.
llvm::Error openInputs(func::FuncOp entry, CalibrationSet &set) {
  char npyError[512];
  if (entry.getNumArguments() == 0)
    return makeError("'" + entryName + "' takes no arguments: calibration "
                     "runs it over samples of its inputs");
  if (inputFiles.size() != entry.getNumArguments())
    return makeError("'" + entryName + "' takes " +
                     plural(entry.getNumArguments(), "argument") +
                     ", but --input was given " +
                     plural(inputFiles.size(), "time"));
  set.readers.resize(inputFiles.size());
  for (auto [index, path] : llvm::enumerate(inputFiles)) {
    auto type = dyn_cast<RankedTensorType>(entry.getArgumentTypes()[index]);
    if (!type || !type.hasStaticShape() || type.getRank() == 0 ||
        !type.getElementType().isF32())
      return makeError("argument " + llvm::Twine(index + 1) + " of '" +
                       entryName + "' has type " +
                       typeToString(entry.getArgumentTypes()[index]) +
                       "; calibration takes statically shaped f32 tensors "
                       "with a first (sample) dimension");
    qedge_npy_reader &reader = set.readers[index];
    if (qedge_npy_open(path.c_str(), &reader, npyError, sizeof(npyError)) !=
        QEDGE_NPY_OK)
      return makeError(npyError);
    std::string what = "'" + path + "' (argument " +
                       std::to_string(index + 1) + "): ";
    llvm::ArrayRef<int64_t> shape(reader.header.shape, reader.header.rank);
    if (reader.header.dtype != QEDGE_NPY_FLOAT32)
      return makeError(what + "dtype " +
                       qedge_npy_dtype_name(reader.header.dtype) +
                       ", expected float32");
    if (shape.size() != static_cast<size_t>(type.getRank()) ||
        shape.drop_front() != type.getShape().drop_front())
      return makeError(what + "samples of shape " +
                       shapeToString(shape.drop_front()) +
                       " do not match argument type " + typeToString(type) +
                       " (a file holds [samples, " +
                       shapeToString(type.getShape().drop_front())
                           .substr(1) +
                       ")");
    if (shape[0] == 0)
      return makeError(what + "the calibration set is empty (0 samples)");
    if (index > 0 && shape[0] != set.samples)
      return makeError(what + std::to_string(shape[0]) + " samples, but '" +
                       inputFiles[0] + "' has " +
                       std::to_string(set.samples));
    set.samples = shape[0];
  }
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Progress
//===----------------------------------------------------------------------===//

/// A one-line progress bar on a terminal; nothing otherwise.
class Progress {
public:
  explicit Progress(int64_t total)
      : total(total), enabled(llvm::sys::Process::StandardErrIsDisplayed()) {}

  void update(int64_t done) {
    if (!enabled)
      return;
    constexpr int width = 30;
    int filled = static_cast<int>(width * done / total);
    llvm::errs() << "\rcalibrating [" << std::string(filled, '#')
                 << std::string(width - filled, ' ') << "] " << done << "/"
                 << total << " samples";
    if (done == total)
      llvm::errs() << "\n";
    llvm::errs().flush();
  }

private:
  int64_t total;
  bool enabled;
};

//===----------------------------------------------------------------------===//
// The run
//===----------------------------------------------------------------------===//

/// Runs every batch and feeds the marked tensors to `collectors`.
llvm::Error calibrate(const JitFunction &jit, CalibrationSet &set,
                      func::FuncOp entry, ArrayRef<CalibrateOp> markers,
                      int64_t batch,
                      std::vector<quantmath::StatisticsCollector> &collectors) {
  char npyError[512];
  const Signature &signature = jit.getSignature();
  int64_t perCall = getSamplesPerCall(entry);

  std::vector<std::vector<char>> inputs, results;
  for (const BufferType &argument : signature.arguments) {
    size_t bytes = sizeof(float);
    for (int64_t size : argument.shape)
      bytes *= size;
    inputs.emplace_back(bytes);
  }
  // A marked tensor's elements per sample: its rows are the samples (its
  // first dimension is the entry's, as for every activation of a batched
  // network), or it is seen only whole, per call.
  std::vector<size_t> perCallElements;
  std::vector<bool> rowsAreSamples;
  for (auto [result, marker] : llvm::zip(signature.results, markers)) {
    size_t elements = 1;
    for (int64_t size : result.shape)
      elements *= size;
    results.emplace_back(elements * sizeof(float));
    perCallElements.push_back(elements / (batch / perCall));
    auto observed = cast<RankedTensorType>(
        CalibrateOp(marker).getInput().getType());
    rowsAreSamples.push_back(observed.getRank() >= 1 &&
                             observed.getDimSize(0) == perCall);
  }
  SmallVector<const void *> argumentPointers;
  for (std::vector<char> &buffer : inputs)
    argumentPointers.push_back(buffer.data());
  SmallVector<void *> resultPointers;
  for (std::vector<char> &buffer : results)
    resultPointers.push_back(buffer.data());

  Progress progress(set.samples);
  for (int64_t first = 0; first < set.samples; first += batch) {
    int64_t rows = std::min(batch, set.samples - first);
    for (auto [index, reader] : llvm::enumerate(set.readers)) {
      // The last batch may be short: the rest of the buffer is zeros, and
      // what the program computes from them is not observed.
      std::memset(inputs[index].data(), 0, inputs[index].size());
      if (qedge_npy_read_rows(&reader, rows, inputs[index].data(),
                              inputFiles[index].c_str(), npyError,
                              sizeof(npyError)) != QEDGE_NPY_OK)
        return makeError(npyError);
    }
    if (llvm::Error error = jit.call(argumentPointers, resultPointers))
      return error;
    // A short last call (the sample count need not be a multiple of the
    // entry's) runs on zeros past the data; only the rows of real samples
    // are observed.
    int64_t calls = rows / perCall, partial = rows % perCall;
    for (auto [index, marker] : llvm::enumerate(markers)) {
      size_t count = calls * perCallElements[index];
      if (partial && !rowsAreSamples[index])
        return makeError(describe(marker) + " has no sample dimension, so "
                         "the samples must be a whole number of calls of " +
                         std::to_string(perCall) + " (there are " +
                         std::to_string(set.samples) + ")");
      count += partial * (perCallElements[index] / perCall);
      quantmath::Status status = collectors[index].addBatch(
          reinterpret_cast<const float *>(results[index].data()), count);
      if (status.isFailure())
        return makeError(
            describe(marker) + ", samples " + std::to_string(first) + " to " +
            std::to_string(first + rows - 1) + " of '" +
            llvm::join(inputFiles, "', '") + "': " + status.getMessage());
    }
    progress.update(first + rows);
  }
  return llvm::Error::success();
}

/// Writes `module` to the output file, which appears only when complete.
llvm::Error writeModule(ModuleOp module) {
  auto output = qedge::OutputFile::open(outputFilename);
  if (!output)
    return output.takeError();
  module.print((*output)->os());
  (*output)->os() << "\n";
  return (*output)->commit();
}

} // namespace

static int runTool(int argc, char **argv) {
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  cl::HideUnrelatedOptions(calibrateCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "quant-edge calibration: gathers the statistics of every tensor a "
      "qedge.calibrate marks\n\n"
      "  qedge-calibrate FILE.mlir --entry=NAME --input=x.npy [--input=...]\n"
      "                  [--batch-size=N] [--bins=2048] -o OUT.mlir\n");

  if (llvm::Error error = validateMaxTensorBytes(maxTensorBytes))
    return fail(llvm::toString(std::move(error)));
  if (!quantmath::isValidHistogramBins(histogramBins))
    return fail("--bins=" + llvm::Twine(histogramBins) +
                " is not a power of two in [2, " +
                llvm::Twine(quantmath::kMaxHistogramBins) + "]");
  if (auto target = lookupExecutableTarget(targetName); !target)
    return fail(llvm::toString(target.takeError()));

  InputModule input;
  auto module = input.parse(inputFilename, maxTensorBytes);
  if (!module)
    return fail(llvm::toString(module.takeError()));
  if (!*module)
    return 1; // Located diagnostics are printed.
  auto entry = findEntry(*module, entryName, inputFilename);
  if (!entry)
    return fail(llvm::toString(entry.takeError()));
  auto markers = collectMarkers(*module, *entry);
  if (!markers)
    return fail(llvm::toString(markers.takeError()));

  CalibrationSet set;
  if (llvm::Error error = openInputs(*entry, set))
    return fail(llvm::toString(std::move(error)));
  int64_t perCall = getSamplesPerCall(*entry);
  // A batch is a whole number of calls; a short last batch may end inside
  // one.
  int64_t batch = batchSize ? batchSize : perCall;
  if (batch % perCall != 0)
    return fail("--batch-size=" + llvm::Twine(batch) +
                " is not a multiple of the entry's first dimension, " +
                llvm::Twine(perCall));

  // The program: a copy of the module with the batch function.
  OwningOpRef<ModuleOp> program(cast<ModuleOp>((*module)->clone()));
  auto programEntry = program->lookupSymbol<func::FuncOp>(entryName);
  if (llvm::Error error = buildBatchFunction(*program, programEntry, batch))
    return fail(llvm::toString(std::move(error)));
  // A batch's tensors hold --batch-size samples.
  if (failed(checkTensorSizes(*program, maxTensorBytes)))
    return fail("a batch of " + plural(batch, "sample") +
                " is too large; lower --batch-size");
  JitOptions options;
  options.target = targetName;
  options.fileName = inputFilename;
  options.runnerName = "qedge-calibrate";
  options.configurePassManager = applyPassManagerCLOptions;
  auto jit = JitFunction::create(*program, kBatchFunction, options);
  if (!jit)
    return fail(llvm::toString(jit.takeError()));

  std::vector<quantmath::StatisticsCollector> collectors(
      markers->size(), quantmath::StatisticsCollector(histogramBins));
  if (llvm::Error error =
          calibrate(**jit, set, *entry, *markers, batch, collectors))
    return fail(llvm::toString(std::move(error)));

  MLIRContext *context = module->getContext();
  for (auto [marker, collector] : llvm::zip(*markers, collectors))
    marker.setStatsAttr(
        CalibrationStatsAttr::get(context, collector.getStatistics()));
  if (llvm::Error error = writeModule(*module))
    return fail(llvm::toString(std::move(error)));
  llvm::errs() << "qedge-calibrate: " << plural(set.samples, "sample")
               << " in " << (set.samples + batch - 1) / batch << " batch(es) of "
               << batch << ", " << plural(markers->size(), "tensor") << " observed\n";
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  // Deeply nested input recurses deeply in the parser and in passes.
  return runOnLargeStack([&] { return runTool(argc, argv); });
}
