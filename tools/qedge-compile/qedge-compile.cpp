//===- qedge-compile.cpp - Ahead-of-time compiler driver ------------------===//
//
// Part of quant-edge.
//
// Compiles the public functions of a .mlir file (any qedge level) for a named
// target into an object file and a C header, or, with --emit=exe, into a
// standalone executable with the .npy command line of qedge-run.
//
// The C ABI: every exported function F becomes
//   void <prefix>F(const T0 *arg0, ..., U0 *result0, ...);
// with one pointer per argument, then one per result, each to a dense,
// row-major buffer of the function's static shape. The caller owns every
// buffer; arguments are never written. Scratch memory comes from malloc.
//
// No tensor of the module may exceed --max-tensor-bytes. Every file is
// written as qedge::OutputFile writes it: a regular file only appears
// or changes once complete.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "mlir/Transforms/Passes.h"
#include "qedge/Pipelines/Pipelines.h"
#include "qedge/Target/Target.h"
#include "qedge/Tools/CHeader.h"
#include "qedge/Tools/ToolSupport.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Triple.h"

#include <memory>
#include <string>

using namespace mlir;
using namespace mlir::qedge::tools;

namespace cl = llvm::cl;

static cl::OptionCategory compileCategory("qedge-compile options");

static cl::opt<std::string> inputFilename(cl::Positional,
                                          cl::desc("<input .mlir file>"),
                                          cl::init("-"),
                                          cl::cat(compileCategory));

static cl::opt<std::string> outputFilename("o", cl::desc("Output file"),
                                           cl::value_desc("file"), cl::Required,
                                           cl::cat(compileCategory));

enum class EmitKind { Object, Assembly, LLVMIR, MLIR, Executable };

static cl::opt<EmitKind> emitKind(
    "emit", cl::desc("What to write"), cl::init(EmitKind::Object),
    cl::values(clEnumValN(EmitKind::Object, "obj",
                          "an object file and a C header (default)"),
               clEnumValN(EmitKind::Assembly, "asm", "target assembly"),
               clEnumValN(EmitKind::LLVMIR, "llvm", "LLVM IR"),
               clEnumValN(EmitKind::MLIR, "mlir", "the lowered LLVM dialect"),
               clEnumValN(EmitKind::Executable, "exe",
                          "a standalone executable with qedge-run's .npy "
                          "command line")),
    cl::cat(compileCategory));

static cl::opt<std::string> targetName("target",
                                       cl::desc(qedge::getTargetOptionHelp()),
                                       cl::value_desc("name"), cl::init("host"),
                                       cl::cat(compileCategory));

static cl::opt<std::string> cpuName("mcpu",
                                    cl::desc("CPU to tune and select for "
                                             "(overrides the target's)"),
                                    cl::value_desc("cpu"),
                                    cl::cat(compileCategory));

static cl::opt<std::string>
    entryName("entry",
              cl::desc("The function to export (every public function when "
                       "omitted; required with --emit=exe)"),
              cl::value_desc("name"), cl::cat(compileCategory));

static cl::opt<std::string>
    symbolPrefix("symbol-prefix",
                 cl::desc("Prefix of every exported symbol, so that several "
                          "models link into one binary"),
                 cl::value_desc("prefix"), cl::cat(compileCategory));

static cl::opt<std::string>
    headerFilename("header",
                   cl::desc("The C header to write with --emit=obj (default: "
                            "the output with extension .h)"),
                   cl::value_desc("file"), cl::cat(compileCategory));

static cl::opt<std::string>
    runtimeDir("runtime-dir",
               cl::desc("Directory with include/ and <arch>/libQEdgeRuntime.a "
                        "(default: lib/qedge-runtime beside the tool)"),
               cl::value_desc("dir"), cl::cat(compileCategory));

static cl::opt<uint64_t> maxTensorBytes("max-tensor-bytes",
                                        cl::desc(kMaxTensorBytesHelp),
                                        cl::value_desc("N"),
                                        cl::init(kDefaultMaxTensorBytes),
                                        cl::cat(compileCategory));

namespace {

int fail(const llvm::Twine &message) {
  llvm::errs() << "qedge-compile: " << message << "\n";
  return 1;
}

/// Chooses the exported functions, checks their signatures and C names,
/// renames them to their symbols and marks every other function private.
llvm::Expected<llvm::SmallVector<Export>> prepareExports(ModuleOp module) {
  llvm::SmallVector<func::FuncOp> chosen;
  if (!entryName.empty()) {
    auto entry = findEntry(module, entryName, inputFilename);
    if (!entry)
      return entry.takeError();
    chosen.push_back(*entry);
  } else {
    for (auto func : module.getOps<func::FuncOp>())
      if (func.isPublic() && !func.isDeclaration())
        chosen.push_back(func);
    if (chosen.empty())
      return makeError("'" + inputFilename +
                       "' has no public function to export");
  }

  llvm::SmallVector<Export> exports;
  for (func::FuncOp func : chosen) {
    auto signature = getSignature(func);
    if (!signature)
      return signature.takeError();
    std::string symbol = symbolPrefix + func.getSymName().str();
    if (!isCIdentifier(symbol))
      return makeError("exported name '" + symbol + "' is not a C identifier");
    if (symbol == "main")
      return makeError("exported name 'main' would clash with the C entry "
                       "point; use --symbol-prefix");
    exports.push_back({func.getSymName().str(), symbol, std::move(*signature)});
  }

  SymbolTable symbols(module);
  for (auto func : llvm::make_early_inc_range(module.getOps<func::FuncOp>())) {
    if (func.isDeclaration())
      continue;
    const Export *exported = llvm::find_if(
        exports, [&](const Export &e) { return e.name == func.getSymName(); });
    if (exported == exports.end()) {
      func.setPrivate();
      continue;
    }
    markArgumentsReadOnly(func);
    if (failed(symbols.rename(func, exported->symbol)))
      return makeError("cannot rename '" + exported->name + "' to '" +
                       exported->symbol + "'");
  }
  return exports;
}

/// Writes the main() of a standalone executable running `e`.
void writeMain(llvm::raw_ostream &os, const Export &e,
               llvm::StringRef headerName) {
  os << "/* Generated by qedge-compile. */\n"
     << "#include \"qedge/Runtime/Main.h\"\n"
     << "#include \"" << headerName << "\"\n\n";
  auto specs = [&](llvm::StringRef kind, llvm::ArrayRef<BufferType> buffers) {
    for (auto [i, buffer] : llvm::enumerate(buffers)) {
      os << "static const int64_t " << kind << "_shape" << i << "[] = {";
      os << (buffer.shape.empty()
                 ? std::string("0")
                 : llvm::join(llvm::map_range(
                                  buffer.shape,
                                  [](int64_t d) { return std::to_string(d); }),
                              ", "));
      os << "};\n";
    }
    os << "static const qedge_buffer_spec " << kind << "s[] = {\n";
    for (auto [i, buffer] : llvm::enumerate(buffers))
      os << "  {" << static_cast<int>(buffer.dtype) << ", "
         << static_cast<int>(buffer.altDtype) << ", " << buffer.shape.size()
         << ", " << kind << "_shape" << i << ", \"" << typeToString(buffer.type)
         << "\"},\n";
    if (buffers.empty())
      os << "  {QEDGE_NPY_INT8, QEDGE_NPY_INT8, 0, 0, \"\"},\n";
    os << "};\n";
  };
  specs("argument", e.signature.arguments);
  specs("result", e.signature.results);
  os << "\nstatic void call(void **buffers) {\n  " << e.symbol << "(";
  llvm::SmallVector<std::string> params;
  size_t total = e.signature.arguments.size() + e.signature.results.size();
  for (size_t i = 0; i < total; ++i)
    params.push_back(("buffers[" + llvm::Twine(i) + "]").str());
  os << llvm::join(params, ", ") << ");\n}\n\n"
     << "int main(int argc, char **argv) {\n"
     << "  return qedge_main(argc, argv, \"" << e.name << "\", arguments, "
     << e.signature.arguments.size() << ", results, "
     << e.signature.results.size() << ", call);\n}\n";
}

/// The target machine for `target`, with the --mcpu override.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const qedge::Target &target) {
  llvm::Triple triple(target.triple);
  std::string error;
  const llvm::Target *llvmTarget =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!llvmTarget)
    return makeError("target '" + target.name + "': " + error);
  // Checked before creating the machine, which would only warn.
  std::unique_ptr<llvm::MCSubtargetInfo> subtarget(
      llvmTarget->createMCSubtargetInfo(triple, "", ""));
  if (!subtarget || !subtarget->isCPUStringValid(target.cpu))
    return makeError("unknown CPU '" + target.cpu + "' for target '" +
                     target.name + "'");
  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> machine(llvmTarget->createTargetMachine(
      triple, target.cpu, target.features, options, llvm::Reloc::PIC_,
      std::nullopt, qedge::kCodeGenOptLevel));
  if (!machine)
    return makeError("cannot create a target machine for '" + target.name +
                     "'");
  return machine;
}

/// Emits `module` as an object file or assembly into `out`.
llvm::Error emitMachineCode(llvm::Module &module, llvm::TargetMachine &machine,
                            llvm::CodeGenFileType kind,
                            llvm::SmallVectorImpl<char> &out) {
  llvm::raw_svector_ostream os(out);
  llvm::legacy::PassManager passes;
  if (machine.addPassesToEmitFile(passes, os, nullptr, kind))
    return makeError("the target cannot emit this file type");
  passes.run(module);
  return llvm::Error::success();
}

/// Finds the runtime for `arch` (x86_64, aarch64).
llvm::Expected<std::string> findRuntimeDir(const char *argv0) {
  if (!runtimeDir.empty())
    return runtimeDir.getValue();
  std::string exe = llvm::sys::fs::getMainExecutable(
      argv0, reinterpret_cast<void *>(&findRuntimeDir));
  llvm::SmallString<256> dir(llvm::sys::path::parent_path(exe));
  llvm::sys::path::append(dir, "..", "lib", "qedge-runtime");
  if (!llvm::sys::fs::is_directory(dir))
    return makeError("no runtime at '" + dir + "'; pass --runtime-dir=DIR");
  return std::string(dir);
}

/// Compiles `mainSource` and links it with `object` and the runtime into the
/// executable `output`, with clang for `target`.
llvm::Error linkExecutable(const qedge::Target &target, llvm::StringRef runtime,
                           llvm::StringRef mainSource, llvm::StringRef object,
                           llvm::StringRef includeDir,
                           llvm::StringRef output) {
  llvm::Triple triple(target.triple);
  llvm::SmallString<256> archive(runtime);
  llvm::sys::path::append(archive, triple.getArchName(), "libQEdgeRuntime.a");
  if (!llvm::sys::fs::exists(archive))
    return makeError("no runtime for " + triple.getArchName() + " at '" +
                     archive + "'");
  llvm::SmallString<256> runtimeInclude(runtime);
  llvm::sys::path::append(runtimeInclude, "include");

  auto clang = llvm::sys::findProgramByName("clang", {QEDGE_LLVM_TOOLS_DIR});
  if (!clang)
    return makeError("cannot find clang in '" QEDGE_LLVM_TOOLS_DIR "'");
  std::string targetFlag = "--target=" + target.triple;
  llvm::SmallVector<llvm::StringRef> args = {
      *clang, targetFlag,     "-O2", "-std=c99", "-fuse-ld=lld",
      "-I",   runtimeInclude, "-I",  includeDir, mainSource,
      object, archive,        "-lm", "-o",       output};
  std::string error;
  int status =
      llvm::sys::ExecuteAndWait(*clang, args, std::nullopt, {}, 0, 0, &error);
  if (status != 0)
    return makeError("linking '" + outputFilename + "' failed" +
                     (error.empty() ? "" : ": " + error));
  return llvm::Error::success();
}

/// The C header --emit=obj writes: --header, or the output with extension .h.
std::string getHeaderFilename() {
  if (!headerFilename.empty())
    return headerFilename;
  llvm::SmallString<256> path(outputFilename);
  llvm::sys::path::replace_extension(path, "h");
  return std::string(path);
}

/// Rejects output options that contradict each other or --emit.
llvm::Error checkOutputOptions() {
  if (llvm::Error error = validateMaxTensorBytes(maxTensorBytes))
    return error;
  if (!headerFilename.empty() && emitKind != EmitKind::Object)
    return makeError("--header is written with --emit=obj only");
  if (emitKind == EmitKind::Executable && outputFilename == "-")
    return makeError("--emit=exe writes an executable file; -o - (standard "
                     "output) cannot be one");
  if (emitKind != EmitKind::Object)
    return llvm::Error::success();
  // A device such as /dev/null takes any number of writers.
  auto isDevice = [](llvm::StringRef path) {
    llvm::sys::fs::file_status status;
    return !llvm::sys::fs::status(path, status) &&
           !llvm::sys::fs::is_regular_file(status) &&
           !llvm::sys::fs::is_directory(status);
  };
  // The header goes beside the object, which must then be a file in a
  // directory: not standard output, and not a device (`/dev/null.h` would
  // be created in /dev).
  if (headerFilename.empty() &&
      (outputFilename == "-" || isDevice(outputFilename)))
    return makeError("--emit=obj writes the C header beside the object, "
                     "and -o '" +
                     outputFilename +
                     "' is no file to put it beside; give --header=FILE");
  if (getHeaderFilename() == outputFilename && !isDevice(outputFilename))
    return makeError("-o and --header name the same file '" + outputFilename +
                     "'");
  return llvm::Error::success();
}

/// Resolves --target with the --mcpu override and checks the options that
/// depend on --emit.
llvm::Expected<qedge::Target> resolveTarget() {
  std::optional<qedge::Target> target = qedge::lookupTarget(targetName);
  if (!target)
    return makeError("unknown target '" + targetName +
                     "'; expected one of: " + qedge::getTargetNames());
  if (!cpuName.empty())
    qedge::setTargetCpu(*target, cpuName);
  if (emitKind == EmitKind::Executable && entryName.empty())
    return makeError("--emit=exe needs --entry=NAME");
  if (llvm::Error error = checkOutputOptions())
    return std::move(error);
  // Inside an executable the entry is private to the program: a fixed prefix
  // keeps any function name (`main` included) clear of the C library's.
  if (emitKind == EmitKind::Executable && symbolPrefix.empty())
    symbolPrefix = "qedge_entry_";
  return *target;
}

/// Lowers `module` to the LLVM dialect with bare-pointer calling conventions
/// and applies the --mcpu override to every function it defines.
llvm::Error lowerToLLVM(ModuleOp module, const qedge::Target &target) {
  PassManager pm(module.getContext());
  if (failed(applyPassManagerCLOptions(pm)))
    return makeError("invalid pass manager options");
  // Functions that are not exported and not called are not compiled.
  pm.addPass(createSymbolDCEPass());
  qedge::LowerToLLVMOptions options;
  options.target = targetName;
  options.barePointers = true;
  qedge::buildLowerToLLVMPipeline(pm, options);
  if (failed(pm.run(module)))
    return makeError("lowering '" + inputFilename + "' for target '" +
                     target.name + "' failed");
  if (!cpuName.empty()) {
    MLIRContext *ctx = module.getContext();
    auto cpu = StringAttr::get(ctx, target.cpu);
    auto features = LLVM::TargetFeaturesAttr::get(ctx, target.features);
    module->walk([&](LLVM::LLVMFuncOp func) {
      if (func.isExternal())
        return;
      func.setTargetCpuAttr(cpu);
      func.setTargetFeaturesAttr(features);
    });
  }
  return llvm::Error::success();
}

/// Translates the lowered `module` to LLVM IR for `machine`, keeps only the
/// exported functions visible and optimizes at O3.
llvm::Expected<std::unique_ptr<llvm::Module>>
translateToLLVMIR(ModuleOp module, llvm::LLVMContext &llvmContext,
                  llvm::TargetMachine &machine, const qedge::Target &target,
                  llvm::ArrayRef<Export> exports) {
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(module, llvmContext, inputFilename);
  if (!llvmModule)
    return makeError("translating '" + inputFilename + "' to LLVM IR failed");
  llvmModule->setTargetTriple(llvm::Triple(target.triple));
  llvmModule->setDataLayout(machine.createDataLayout());
  // Only the exported functions are visible outside the object.
  for (llvm::Function &function : *llvmModule)
    if (!function.isDeclaration() &&
        llvm::none_of(exports, [&](const Export &e) {
          return e.symbol == function.getName();
        }))
      function.setLinkage(llvm::GlobalValue::InternalLinkage);
  auto optimize =
      makeOptimizingTransformer(qedge::kLLVMOptLevel, /*sizeLevel=*/0, &machine);
  if (llvm::Error error = optimize(llvmModule.get()))
    return makeError("optimizing failed: " + llvm::toString(std::move(error)));
  return llvmModule;
}

/// Writes what `print` prints to the output file.
llvm::Error
writeOutputText(llvm::function_ref<void(llvm::raw_ostream &)> print) {
  std::string text;
  llvm::raw_string_ostream os(text);
  print(os);
  return qedge::writeOutputFile(outputFilename, text);
}

/// --emit=obj: writes the object file and, beside it (or to --header), its
/// C header.
llvm::Error writeObjectAndHeader(llvm::StringRef code,
                                 llvm::ArrayRef<Export> exports,
                                 const qedge::Target &target) {
  std::string header = getHeaderFilename();
  // Both are written and closed before either is committed, so that a
  // header that cannot be written leaves the old object in place too.
  auto object = qedge::OutputFile::open(outputFilename);
  if (!object)
    return object.takeError();
  auto headerFile = qedge::OutputFile::open(header);
  if (!headerFile)
    return headerFile.takeError();
  (*object)->os() << code;
  writeCHeader((*headerFile)->os(), exports,
               llvm::sys::path::filename(inputFilename), target.name,
               llvm::sys::path::stem(header));
  if (llvm::Error error = (*object)->close())
    return error;
  if (llvm::Error error = (*headerFile)->close())
    return error;
  if (llvm::Error error = (*object)->commit())
    return error;
  return (*headerFile)->commit();
}

/// --emit=exe: writes the object, its header and a main() into a temporary
/// directory and links them by clang with the runtime of the target's
/// architecture.
llvm::Error writeExecutable(llvm::StringRef code, const Export &entry,
                            const qedge::Target &target, const char *argv0) {
  auto runtime = findRuntimeDir(argv0);
  if (!runtime)
    return runtime.takeError();
  llvm::SmallString<256> tempDir;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueDirectory("qedge-compile", tempDir))
    return makeError("cannot create a temporary directory: " + ec.message());
  auto path = [&](llvm::StringRef name) {
    llvm::SmallString<256> p(tempDir);
    llvm::sys::path::append(p, name);
    return std::string(p);
  };
  std::string objectPath = path("model.o"), headerPath = path("model.h"),
              mainPath = path("main.c"), exePath = path("model");
  std::string headerText, mainText;
  llvm::raw_string_ostream headerOs(headerText), mainOs(mainText);
  writeCHeader(headerOs, entry, llvm::sys::path::filename(inputFilename),
               target.name, "model");
  writeMain(mainOs, entry, "model.h");
  llvm::Error error = qedge::writeOutputFile(objectPath, code);
  if (!error)
    error = qedge::writeOutputFile(headerPath, headerText);
  if (!error)
    error = qedge::writeOutputFile(mainPath, mainText);
  if (!error)
    error = linkExecutable(target, *runtime, mainPath, objectPath, tempDir,
                           exePath);
  // Linked aside, then written as any output, so that the executable
  // appears whole or not at all, and a device gets its bytes.
  if (!error) {
    auto linked = llvm::MemoryBuffer::getFile(exePath, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!linked)
      error = makeError("cannot read the linked '" + exePath +
                        "': " + linked.getError().message());
    else
      error =
          qedge::writeOutputFile(outputFilename, (*linked)->getBuffer(), 0777);
  }
  for (const std::string &p : {objectPath, headerPath, mainPath, exePath})
    llvm::sys::fs::remove(p);
  llvm::sys::fs::remove(tempDir);
  return error;
}

/// The exit status for the outcome of the last step.
int finish(llvm::Error error) {
  if (error)
    return fail(llvm::toString(std::move(error)));
  return 0;
}

} // namespace

static int runTool(int argc, char **argv) {
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  cl::HideUnrelatedOptions(compileCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "quant-edge compiler: writes an object file and a C header, or a "
      "standalone executable, for a target\n\n"
      "  qedge-compile FILE.mlir -o out.o [--target=NAME] [--mcpu=CPU]\n"
      "                [--entry=NAME] [--symbol-prefix=P] [--emit=obj|exe|"
      "asm|llvm|mlir]\n");

  auto target = resolveTarget();
  if (!target)
    return fail(llvm::toString(target.takeError()));
  llvm::InitializeAllTargetInfos();
  llvm::InitializeAllTargets();
  llvm::InitializeAllTargetMCs();
  llvm::InitializeAllAsmPrinters();
  auto machine = createTargetMachine(*target);
  if (!machine)
    return fail(llvm::toString(machine.takeError()));

  InputModule input;
  auto module = input.parse(inputFilename, maxTensorBytes);
  if (!module)
    return fail(llvm::toString(module.takeError()));
  if (!*module)
    return 1; // Located diagnostics are printed.

  auto exports = prepareExports(*module);
  if (!exports)
    return fail(llvm::toString(exports.takeError()));
  if (llvm::Error error = lowerToLLVM(*module, *target))
    return fail(llvm::toString(std::move(error)));
  if (emitKind == EmitKind::MLIR)
    return finish(
        writeOutputText([&](llvm::raw_ostream &os) { module->print(os); }));

  llvm::LLVMContext llvmContext;
  auto llvmModule =
      translateToLLVMIR(*module, llvmContext, **machine, *target, *exports);
  if (!llvmModule)
    return fail(llvm::toString(llvmModule.takeError()));
  if (emitKind == EmitKind::LLVMIR)
    return finish(writeOutputText(
        [&](llvm::raw_ostream &os) { (*llvmModule)->print(os, nullptr); }));

  llvm::SmallString<0> code;
  if (llvm::Error error = emitMachineCode(
          **llvmModule, **machine,
          emitKind == EmitKind::Assembly ? llvm::CodeGenFileType::AssemblyFile
                                         : llvm::CodeGenFileType::ObjectFile,
          code))
    return fail(llvm::toString(std::move(error)));
  if (emitKind == EmitKind::Assembly)
    return finish(qedge::writeOutputFile(outputFilename, code));
  if (emitKind == EmitKind::Object)
    return finish(writeObjectAndHeader(code, *exports, *target));
  return finish(writeExecutable(code, exports->front(), *target, argv[0]));
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  // Deeply nested input recurses deeply in the parser and in passes.
  return runOnLargeStack([&] { return runTool(argc, argv); });
}
