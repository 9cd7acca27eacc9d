//===- ToolSupport.cpp - Shared pieces of the quant-edge tools -----------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Tools/ToolSupport.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "qedge/InitQEdge.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/thread.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace mlir {
namespace qedge {
namespace tools {

void registerToolDialects(DialectRegistry &registry) {
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
  qedge::registerDialects(registry);
}

static DialectRegistry getToolRegistry() {
  DialectRegistry registry;
  registerToolDialects(registry);
  return registry;
}

//===----------------------------------------------------------------------===//
// Limits
//===----------------------------------------------------------------------===//

int runOnLargeStack(llvm::function_ref<int()> body) {
  int status = 1;
  llvm::thread worker(std::optional<unsigned>(kToolStackSize),
                      [&] { status = body(); });
  worker.join();
  return status;
}

/// The magic number that starts MLIR bytecode.
static constexpr llvm::StringLiteral kBytecodeMagic = "ML\xefR";

llvm::Error checkParsable(const llvm::MemoryBuffer &buffer,
                          llvm::StringRef name) {
  llvm::StringRef text = buffer.getBuffer();
  if (text.starts_with(kBytecodeMagic))
    return llvm::Error::success();
  unsigned line = 1;
  const char *lineStart = text.begin();
  auto at = [&](const char *p, const llvm::Twine &problem) {
    return makeError("'" + name + "':" + llvm::Twine(line) + ":" +
                     llvm::Twine(p - lineStart + 1) + ": " + problem);
  };
  auto nul = [&](const char *p) {
    return at(p, "a NUL byte; the file is neither MLIR text nor MLIR "
                 "bytecode");
  };
  // Only a lexer's view is needed: strings and comments hold no brackets.
  // `->`, `<=` and `>=` are no angle brackets; a stray closing bracket
  // never makes the count negative.
  unsigned brackets = 0, angles = 0;
  for (const char *p = text.begin(), *end = text.end(); p != end; ++p) {
    switch (*p) {
    case '\0':
      return nul(p);
    case '\n':
      ++line;
      lineStart = p + 1;
      break;
    case '"':
      for (++p; p != end && *p != '"' && *p != '\n'; ++p) {
        if (*p == '\0')
          return nul(p);
        if (*p == '\\' && p + 1 != end && p[1] != '\n')
          ++p;
      }
      if (p == end)
        return llvm::Error::success();
      if (*p == '\n')
        --p;
      break;
    case '/':
      if (p + 1 != end && p[1] == '/')
        while (p + 1 != end && p[1] != '\n') {
          if (*++p == '\0')
            return nul(p);
        }
      break;
    case '(':
    case '[':
    case '{':
      ++brackets;
      break;
    case ')':
    case ']':
    case '}':
      if (brackets)
        --brackets;
      break;
    case '<':
      if (p + 1 != end && p[1] == '=')
        ++p;
      else
        ++angles;
      break;
    case '>':
      if (p + 1 != end && p[1] == '=')
        ++p;
      else if (angles && !(p != text.begin() && p[-1] == '-'))
        --angles;
      break;
    default:
      break;
    }
    if (brackets + angles > kMaxNestingDepth)
      return at(p, "brackets nest deeper than " +
                       llvm::Twine(kMaxNestingDepth) +
                       " levels, the most the tools parse");
  }
  return llvm::Error::success();
}

/// The bytes of one element of `type`, in whole bytes (i1 takes one, as in
/// memory); std::nullopt when that overflows.
static std::optional<uint64_t> getElementBytes(Type type, bool &overflow) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    return getStaticByteSize(shaped, overflow);
  if (auto complex = dyn_cast<ComplexType>(type)) {
    std::optional<uint64_t> part =
        getElementBytes(complex.getElementType(), overflow);
    return part ? std::optional<uint64_t>(2 * *part) : std::nullopt;
  }
  uint64_t bits = 8;
  if (type.isIntOrFloat())
    bits = type.getIntOrFloatBitWidth();
  else if (isa<IndexType>(type))
    bits = 64;
  else if (auto quantType = dyn_cast<quant::QuantizedType>(type))
    bits = quantType.getStorageTypeIntegralWidth();
  return llvm::divideCeil(bits, 8);
}

std::optional<uint64_t> getStaticByteSize(ShapedType type, bool &overflow) {
  overflow = false;
  if (!type.hasRank())
    return std::nullopt;
  std::optional<uint64_t> bytes =
      getElementBytes(type.getElementType(), overflow);
  if (!bytes)
    return std::nullopt;
  bool dynamic = false;
  for (int64_t size : type.getShape()) {
    if (ShapedType::isDynamic(size)) {
      dynamic = true;
      continue;
    }
    bool overflowed = false;
    *bytes = llvm::SaturatingMultiply(*bytes, static_cast<uint64_t>(size),
                                      &overflowed);
    if (overflowed) {
      overflow = true;
      return std::nullopt;
    }
  }
  if (dynamic)
    return std::nullopt;
  return bytes;
}

/// The static part of `type`'s size: its dynamic dimensions count as one.
static std::optional<uint64_t> getMinimumByteSize(ShapedType type,
                                                  bool &overflow) {
  if (!type.hasRank())
    return std::nullopt;
  llvm::SmallVector<int64_t> shape(type.getShape());
  for (int64_t &size : shape)
    if (ShapedType::isDynamic(size))
      size = 1;
  return getStaticByteSize(type.clone(shape), overflow);
}

LogicalResult checkTensorSizes(Operation *root, uint64_t maxBytes) {
  llvm::DenseSet<Type> checkedTypes;
  llvm::DenseSet<Attribute> checkedAttributes;
  // The first shaped type in `type` or `attr` that is too large, described.
  std::optional<std::string> problem;
  auto visit = [&](Type type) {
    auto shaped = dyn_cast<ShapedType>(type);
    if (!shaped)
      return WalkResult::advance();
    bool overflow = false;
    std::optional<uint64_t> bytes = getMinimumByteSize(shaped, overflow);
    if (overflow)
      problem = typeToString(type) + " has more bytes than fit in 64 bits";
    else if (bytes && *bytes > maxBytes)
      problem = typeToString(type) + " is " + std::to_string(*bytes) +
                " bytes, more than the limit of " + std::to_string(maxBytes) +
                " bytes (--max-tensor-bytes raises it)";
    return problem ? WalkResult::interrupt() : WalkResult::advance();
  };
  auto checkType = [&](Type type) {
    if (checkedTypes.insert(type).second)
      type.walk(visit);
    return !problem;
  };
  auto checkAttribute = [&](Attribute attr) {
    if (checkedAttributes.insert(attr).second)
      attr.walk(visit);
    return !problem;
  };

  // Errors go to the op's location without the op itself, which a note
  // would print whole (every element of a large constant).
  WalkResult result = root->walk<WalkOrder::PreOrder>([&](Operation *op) {
    for (Type type : op->getResultTypes())
      if (!checkType(type)) {
        emitError(op->getLoc(), *problem);
        return WalkResult::interrupt();
      }
    if (!checkAttribute(op->getAttrDictionary())) {
      emitError(op->getLoc(), *problem);
      return WalkResult::interrupt();
    }
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument argument : block.getArguments())
          if (!checkType(argument.getType())) {
            emitError(argument.getLoc(), *problem);
            return WalkResult::interrupt();
          }
    return WalkResult::advance();
  });
  return failure(result.wasInterrupted());
}

namespace {
/// Runs checkTensorSizes, so that an oversized module fails with a message
/// before any pass materializes its tensors.
struct CheckTensorSizesPass
    : public PassWrapper<CheckTensorSizesPass, OperationPass<>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(CheckTensorSizesPass)

  CheckTensorSizesPass() = default;
  CheckTensorSizesPass(const CheckTensorSizesPass &other)
      : PassWrapper(other) {}
  explicit CheckTensorSizesPass(uint64_t maxBytes) { this->maxBytes = maxBytes; }

  StringRef getArgument() const final { return "qedge-check-tensor-sizes"; }
  StringRef getDescription() const final {
    return "Fail on any tensor, memref, vector or constant larger than a "
           "limit in bytes";
  }

  void runOnOperation() final {
    if (failed(checkTensorSizes(getOperation(), maxBytes)))
      signalPassFailure();
    markAllAnalysesPreserved();
  }

  Option<uint64_t> maxBytes{*this, "max-bytes",
                            llvm::cl::desc("The limit in bytes"),
                            llvm::cl::init(kDefaultMaxTensorBytes)};
};
} // namespace

std::unique_ptr<Pass> createCheckTensorSizesPass(uint64_t maxBytes) {
  return std::make_unique<CheckTensorSizesPass>(maxBytes);
}

void registerCheckTensorSizesPass() {
  PassRegistration<CheckTensorSizesPass>();
}

llvm::Error validateMaxTensorBytes(uint64_t maxBytes) {
  if (maxBytes == 0)
    return makeError("--max-tensor-bytes=0: the limit must be at least 1 "
                     "byte");
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Input files
//===----------------------------------------------------------------------===//

InputModule::InputModule()
    : context(getToolRegistry()), diagnostics(sourceMgr, &context) {}

llvm::Expected<ModuleOp> InputModule::parse(llvm::StringRef path,
                                            uint64_t maxTensorBytes) {
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &error);
  if (!file)
    return makeError(error);
  if (llvm::Error error =
          checkParsable(*file, path == "-" ? llvm::StringRef("<stdin>") : path))
    return std::move(error);
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (module && failed(checkTensorSizes(*module, maxTensorBytes)))
    module = nullptr;
  return module.get();
}

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

std::string plural(size_t count, llvm::StringRef noun) {
  return std::to_string(count) + " " + noun.str() + (count == 1 ? "" : "s");
}

std::string typeToString(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return text;
}

std::string shapeToString(llvm::ArrayRef<int64_t> shape) {
  return "[" +
         llvm::join(llvm::map_range(
                        shape, [](int64_t d) { return std::to_string(d); }),
                    ", ") +
         "]";
}

//===----------------------------------------------------------------------===//
// Entry and signature
//===----------------------------------------------------------------------===//

llvm::Expected<func::FuncOp> findEntry(ModuleOp module, llvm::StringRef name,
                                       llvm::StringRef file) {
  Operation *symbol = module.lookupSymbol(name);
  auto entry = dyn_cast_or_null<func::FuncOp>(symbol);
  if (entry && !entry.isDeclaration())
    return entry;

  llvm::SmallVector<llvm::StringRef> available;
  for (auto func : module.getOps<func::FuncOp>())
    if (func.isPublic() && !func.isDeclaration())
      available.push_back(func.getSymName());
  std::string list = available.empty()
                         ? std::string("it has no public functions")
                         : "public functions: " + llvm::join(available, ", ");
  if (entry)
    return makeError("'" + name + "' in '" + file +
                     "' is a declaration without a body (" + list + ")");
  if (symbol)
    return makeError("'" + name + "' in '" + file + "' is not a func.func (" +
                     list + ")");
  return makeError("no function '" + name + "' in '" + file + "' (" + list +
                   ")");
}

void markArgumentsReadOnly(func::FuncOp func) {
  for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
    func.setArgAttr(i, bufferization::BufferizationDialect::kWritableAttrName,
                    BoolAttr::get(func.getContext(), false));
}

std::optional<BufferType> getBufferType(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped || !isa<RankedTensorType, MemRefType>(type) ||
      !shaped.hasStaticShape() || shaped.getRank() > QEDGE_NPY_MAX_RANK)
    return std::nullopt;
  if (auto memref = dyn_cast<MemRefType>(type))
    if (!memref.getLayout().isIdentity() || memref.getMemorySpace())
      return std::nullopt;

  BufferType buffer{type, llvm::SmallVector<int64_t>(shaped.getShape()),
                    QEDGE_NPY_INT8, QEDGE_NPY_INT8};
  Type element = shaped.getElementType();
  // A quantized tensor is passed as its storage (qedge-fold-quant turns the
  // signature into the storage type); unsigned storage is written as uint.
  if (auto quantType = dyn_cast<quant::QuantizedType>(element)) {
    unsigned width = quantType.getStorageTypeIntegralWidth();
    if (width != 8 && width != 16 && width != 32)
      return std::nullopt;
    element = IntegerType::get(type.getContext(), width);
    if (!quantType.isSigned()) {
      buffer.dtype = width == 8 ? QEDGE_NPY_UINT8 : QEDGE_NPY_UINT16;
      buffer.altDtype = width == 8 ? QEDGE_NPY_INT8 : QEDGE_NPY_INT16;
      if (width != 32)
        return buffer;
    }
  }
  // Integer storage is signless, so an unsigned .npy of the same width is
  // accepted where numpy users naturally hold such data (uint8 images).
  if (element.isSignlessInteger(8)) {
    buffer.dtype = QEDGE_NPY_INT8;
    buffer.altDtype = QEDGE_NPY_UINT8;
  } else if (element.isSignlessInteger(16)) {
    buffer.dtype = QEDGE_NPY_INT16;
    buffer.altDtype = QEDGE_NPY_UINT16;
  } else if (element.isSignlessInteger(32)) {
    buffer.dtype = buffer.altDtype = QEDGE_NPY_INT32;
  } else if (element.isSignlessInteger(64)) {
    buffer.dtype = buffer.altDtype = QEDGE_NPY_INT64;
  } else if (element.isF32()) {
    buffer.dtype = buffer.altDtype = QEDGE_NPY_FLOAT32;
  } else {
    return std::nullopt;
  }
  return buffer;
}

llvm::Expected<Signature> getSignature(func::FuncOp entry) {
  Signature signature;
  auto collect = [&](llvm::ArrayRef<Type> types, llvm::StringRef kind,
                     llvm::SmallVectorImpl<BufferType> &into) -> llvm::Error {
    for (auto [index, type] : llvm::enumerate(types)) {
      std::optional<BufferType> buffer = getBufferType(type);
      if (!buffer)
        return makeError(kind + " " + llvm::Twine(index + 1) + " of '" +
                         entry.getSymName() + "' has type " +
                         typeToString(type) +
                         "; the entry must take and return statically "
                         "shaped tensors or "
                         "memrefs (identity layout) of i8, i16, i32, i64, "
                         "f32 or !quant.uniform with i8, i16 or i32 "
                         "storage");
      into.push_back(*buffer);
    }
    return llvm::Error::success();
  };
  if (llvm::Error error =
          collect(entry.getArgumentTypes(), "argument", signature.arguments))
    return std::move(error);
  if (llvm::Error error =
          collect(entry.getResultTypes(), "result", signature.results))
    return std::move(error);
  return signature;
}

} // namespace tools
} // namespace qedge
} // namespace mlir
