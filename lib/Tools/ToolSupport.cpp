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
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
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

InputModule::InputModule()
    : context(getToolRegistry()), diagnostics(sourceMgr, &context) {}

llvm::Expected<ModuleOp> InputModule::parse(llvm::StringRef path) {
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &error);
  if (!file)
    return makeError(error);
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  module = parseSourceFile<ModuleOp>(sourceMgr, &context);
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
