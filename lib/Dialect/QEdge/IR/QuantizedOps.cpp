//===- QuantizedOps.cpp - qedge quantized-level ops -----------------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Dialect/QEdge/IR/QEdgeOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "qedge/Dialect/QEdge/IR/QEdgeVerifiers.h"
#include "qedge/QuantMath/QuantMath.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

using namespace mlir;
using namespace mlir::qedge;

/// `qnnpack` stands for PyTorch's own kernels, so it is accepted only by the
/// ops whose PyTorch arithmetic it is known to be; PyTorch's quantized add, for
/// one, rounds ties away from zero.
static LogicalResult verifyNoQnnpack(Operation *op, RoundingMode mode) {
  if (mode != RoundingMode::qnnpack)
    return success();
  return op->emitOpError(
      "does not take 'qnnpack' rounding (only quantize, conv2d, "
      "fully_connected, max_pool2d, avg_pool2d and clamp do); use 'fp32'");
}

//===----------------------------------------------------------------------===//
// QuantizeOp
//===----------------------------------------------------------------------===//

LogicalResult QuantizeOp::verify() {
  return verifyQuantizedTensor(*this, "result", getType(),
                               QuantizedContainer::Any);
}

//===----------------------------------------------------------------------===//
// DequantizeOp
//===----------------------------------------------------------------------===//

LogicalResult DequantizeOp::verify() {
  return verifyQuantizedTensor(*this, "input", getInput().getType(),
                               QuantizedContainer::Any);
}

//===----------------------------------------------------------------------===//
// RequantizeOp
//===----------------------------------------------------------------------===//

LogicalResult RequantizeOp::verify() {
  if (failed(verifyNoQnnpack(*this, getRounding())))
    return failure();
  if (failed(verifyQuantizedTensor(*this, "input", getInput().getType(),
                                   QuantizedContainer::ActivationOrWeight)))
    return failure();
  return verifyQuantizedTensor(*this, "result", getType(),
                               QuantizedContainer::ActivationOrWeight);
}

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

namespace {
/// The tensor types of a convolution-like op and their quantized element
/// types.
struct LinearTypes {
  RankedTensorType inputType, filterType, resultType;
  quant::QuantizedType input, filter, result;
};
} // namespace

/// The checks on operand types that conv2d and fully_connected share:
/// quantized tensors in supported containers, per-tensor activations, a
/// filter per tensor or per output channel, and a supported storage pair.
template <typename OpTy>
static FailureOr<LinearTypes> verifyLinearTypes(OpTy linearOp) {
  Operation *op = linearOp;
  auto inputType = cast<RankedTensorType>(linearOp.getInput().getType());
  auto filterType = cast<RankedTensorType>(linearOp.getFilter().getType());
  auto resultType = cast<RankedTensorType>(linearOp.getType());
  Value bias = linearOp.getBias();
  if (failed(verifyQuantizedTensor(op, "input", inputType,
                                   QuantizedContainer::ActivationOrWeight)) ||
      failed(verifyQuantizedTensor(op, "filter", filterType,
                                   QuantizedContainer::ActivationOrWeight)) ||
      failed(verifyQuantizedTensor(op, "result", resultType,
                                   QuantizedContainer::ActivationOrWeight)))
    return failure();
  if (bias &&
      failed(verifyQuantizedTensor(op, "bias", cast<ShapedType>(bias.getType()),
                                   QuantizedContainer::Accumulator)))
    return failure();

  auto inputQuant = cast<quant::QuantizedType>(inputType.getElementType());
  auto filterQuant = cast<quant::QuantizedType>(filterType.getElementType());
  auto resultQuant = cast<quant::QuantizedType>(resultType.getElementType());

  // Activations carry one scale: a per-channel input or output would need a
  // multiplier per (input, output) channel pair.
  if (!isa<quant::UniformQuantizedType>(inputQuant))
    return op->emitOpError("'input' must be quantized per tensor");
  if (!isa<quant::UniformQuantizedType>(resultQuant))
    return op->emitOpError("'result' must be quantized per tensor");
  if (failed(verifyFilterAxis(op, filterQuant)) ||
      failed(verifyStoragePair(op, IntegerStorage::of(inputQuant),
                               IntegerStorage::of(filterQuant))))
    return failure();
  return LinearTypes{inputType,  filterType,  resultType,
                     inputQuant, filterQuant, resultQuant};
}

/// The optional bias and the fused clamp of a convolution-like op.
static LogicalResult verifyBiasAndClamp(Operation *op, Value bias,
                                        const LinearTypes &types,
                                        int64_t outChannels, FloatAttr clampMin,
                                        FloatAttr clampMax) {
  if (bias &&
      failed(verifyBias(op, cast<RankedTensorType>(bias.getType()), types.input,
                        types.filter, types.result, outChannels)))
    return failure();
  return verifyClampBounds(op, clampMin, clampMax, types.result);
}

LogicalResult Conv2DOp::verify() {
  Operation *op = *this;
  FailureOr<LinearTypes> types = verifyLinearTypes(*this);
  if (failed(types) ||
      failed(verifyConvGeometry(op, types->inputType, types->filterType,
                                types->resultType, getStrides(), getPadding(),
                                getDilations(), getGroups())))
    return failure();
  int64_t outChannels = types->filterType.getDimSize(0);

  return verifyBiasAndClamp(op, getBias(), *types, outChannels,
                            getClampMinAttr(), getClampMaxAttr());
}

//===----------------------------------------------------------------------===//
// AddOp, SubOp
//===----------------------------------------------------------------------===//

/// Whether `operand` is `[N or 1, 1, 1, C]` against the NHWC `result`.
static bool isChannelBroadcast(ArrayRef<int64_t> operand,
                               ArrayRef<int64_t> result) {
  return result.size() == 4 && operand.size() == 4 &&
         (operand[0] == 1 || operand[0] == result[0]) && operand[1] == 1 &&
         operand[2] == 1 && operand[3] == result[3];
}

/// The left shift of TFLite's add and sub for `storage`.
static int32_t getAddLeftShift(quant::QuantizedType storage) {
  return storage.getStorageTypeIntegralWidth() == 8
             ? quantmath::kAddLeftShift8
             : quantmath::kAddLeftShift16;
}

/// The checks every binary op shares: per-tensor activations of one storage
/// type, static shapes, the broadcast rule and the fused clamp. The
/// quantized types of lhs, rhs and result.
template <typename OpTy>
static FailureOr<std::array<quant::QuantizedType, 3>> verifyBinary(OpTy op) {
  auto lhsType = cast<RankedTensorType>(op.getLhs().getType());
  auto rhsType = cast<RankedTensorType>(op.getRhs().getType());
  auto resultType = cast<RankedTensorType>(op.getType());
  if (failed(verifyActivation(op, "lhs", lhsType)) ||
      failed(verifyActivation(op, "rhs", rhsType)) ||
      failed(verifyActivation(op, "result", resultType)))
    return failure();
  auto lhsQuant = cast<quant::QuantizedType>(lhsType.getElementType());
  auto rhsQuant = cast<quant::QuantizedType>(rhsType.getElementType());
  auto resultQuant = cast<quant::QuantizedType>(resultType.getElementType());
  if (failed(verifySameStorage(
          op, {{"lhs", lhsQuant}, {"rhs", rhsQuant}, {"result", resultQuant}})))
    return failure();

  if (!lhsType.hasStaticShape() || !rhsType.hasStaticShape() ||
      !resultType.hasStaticShape())
    return op.emitOpError("requires static shapes");
  ArrayRef<int64_t> lhs = lhsType.getShape(), rhs = rhsType.getShape(),
                    result = resultType.getShape();
  if (!(lhs == result && (rhs == result || isChannelBroadcast(rhs, result))) &&
      !(rhs == result && isChannelBroadcast(lhs, result))) {
    InFlightDiagnostic diag = op.emitOpError("operand shapes [");
    llvm::interleaveComma(lhs, diag);
    diag << "] and [";
    llvm::interleaveComma(rhs, diag);
    diag << "] do not give the result shape [";
    llvm::interleaveComma(result, diag);
    return diag << "]: each operand must have the result's shape, or one of "
                   "them [N or 1, 1, 1, C] against an NHWC result";
  }
  if (failed(verifyClampBounds(op, op.getClampMinAttr(), op.getClampMaxAttr(),
                               resultQuant)))
    return failure();
  return std::array<quant::QuantizedType, 3>{lhsQuant, rhsQuant, resultQuant};
}

template <typename OpTy> static LogicalResult verifyAddSub(OpTy op) {
  if (failed(verifyNoQnnpack(op, op.getRounding())))
    return failure();
  FailureOr<std::array<quant::QuantizedType, 3>> types = verifyBinary(op);
  if (failed(types))
    return failure();
  auto [lhsQuant, rhsQuant, resultQuant] = *types;
  // TFLite's kernel needs every multiplier below 1; fp32 has no such limit.
  // (q - Z) << 20 for 8-bit storage and (q - Z) << 15 for 16-bit always fit
  // in int32: |q - Z| <= 2^16 - 1.
  if (op.getRounding() == RoundingMode::fp32)
    return success();
  int32_t leftShift = getAddLeftShift(resultQuant);
  quantmath::AddMultipliers multipliers = quantmath::computeAddMultipliers(
      getScale(lhsQuant, 0), getScale(rhsQuant, 0), getScale(resultQuant, 0),
      leftShift);
  if (multipliers.output < 1.0)
    return success();
  return op.emitOpError()
         << "output multiplier 2 * max(S_lhs, S_rhs) / (2^" << leftShift
         << " * S_out) = " << multipliers.output
         << " must be below 1 in the integer rounding modes (TFLite's "
            "condition)";
}

LogicalResult AddOp::verify() { return verifyAddSub(*this); }
LogicalResult SubOp::verify() { return verifyAddSub(*this); }

/// The largest |q - Z| of a per-tensor type.
static int64_t getMaxCentred(quant::QuantizedType type) {
  quantmath::StorageRange range = getStorageRange(type);
  int64_t zeroPoint = getZeroPoint(type, 0);
  return std::max(range.qmax - zeroPoint, zeroPoint - range.qmin);
}

LogicalResult MulOp::verify() {
  if (failed(verifyNoQnnpack(*this, getRounding())))
    return failure();
  FailureOr<std::array<quant::QuantizedType, 3>> types = verifyBinary(*this);
  if (failed(types))
    return failure();
  // The product (a - Za)(b - Zb) is requantized as an int32 accumulator.
  int64_t lhs = getMaxCentred((*types)[0]), rhs = getMaxCentred((*types)[1]);
  if (lhs * rhs <= std::numeric_limits<int32_t>::max())
    return success();
  return emitOpError() << "the product of |lhs - Z| <= " << lhs
                       << " and |rhs - Z| <= " << rhs
                       << " does not fit in int32 (with 16-bit storage the "
                          "zero points must be near 0)";
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

/// The checks every 2-D pooling op shares; `sameType` asks for the input's
/// type on the result (`why` says when), else only its storage type.
template <typename OpTy>
static LogicalResult verifyPool2D(OpTy op, bool sameType, StringRef why = "") {
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  auto resultType = cast<RankedTensorType>(op.getType());
  if (failed(verifyActivation(op, "input", inputType)) ||
      failed(verifyActivation(op, "result", resultType)))
    return failure();
  auto inputQuant = cast<quant::QuantizedType>(inputType.getElementType());
  auto resultQuant = cast<quant::QuantizedType>(resultType.getElementType());
  if (sameType && inputQuant != resultQuant)
    return op.emitOpError()
           << "'input' and 'result' must have the same "
              "quantized type"
           << why << ", got " << inputQuant << " and " << resultQuant;
  if (failed(verifySameStorage(
          op, {{"input", inputQuant}, {"result", resultQuant}})) ||
      failed(verifyPoolGeometry(op, inputType, resultType, op.getKernel(),
                                op.getStrides(), op.getPadding())))
    return failure();
  return verifyClampBounds(op, op.getClampMinAttr(), op.getClampMaxAttr(),
                           resultQuant);
}

/// Verifies that `taps` values of `type`, each stored (q) or centred
/// (q - Z), add up within int32.
static LogicalResult verifySumFits(Operation *op, int64_t taps,
                                   quant::QuantizedType type) {
  quantmath::StorageRange range = getStorageRange(type);
  int64_t maxAbs = std::max(
      {std::abs(range.qmin), std::abs(range.qmax), getMaxCentred(type)});
  if (maxAbs == 0 || taps <= std::numeric_limits<int32_t>::max() / maxAbs)
    return success();
  return op->emitOpError() << "a sum of " << taps << " values up to " << maxAbs
                           << " in magnitude does not fit in int32";
}

LogicalResult MaxPool2DOp::verify() {
  return verifyPool2D(*this, /*sameType=*/true);
}

LogicalResult AvgPool2DOp::verify() {
  if (failed(verifyPool2D(*this, !isFloatRounding(getRounding()),
                          " in the integer rounding modes")))
    return failure();
  ArrayRef<int64_t> kernel = getKernel();
  auto inputType = cast<RankedTensorType>(getInput().getType());
  return verifySumFits(*this, kernel[0] * kernel[1],
                       cast<quant::QuantizedType>(inputType.getElementType()));
}

//===----------------------------------------------------------------------===//
// GlobalAvgPoolOp
//===----------------------------------------------------------------------===//

LogicalResult GlobalAvgPoolOp::verify() {
  if (failed(verifyNoQnnpack(*this, getRounding())))
    return failure();
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto resultType = cast<RankedTensorType>(getType());
  Operation *op = *this;
  if (failed(verifyActivation(op, "input", inputType)) ||
      failed(verifyActivation(op, "result", resultType)))
    return failure();
  auto inputQuant = cast<quant::QuantizedType>(inputType.getElementType());
  auto resultQuant = cast<quant::QuantizedType>(resultType.getElementType());
  if (failed(verifySameStorage(
          op, {{"input", inputQuant}, {"result", resultQuant}})))
    return failure();
  if (!inputType.hasStaticShape() || !resultType.hasStaticShape())
    return emitOpError("requires static shapes");
  ArrayRef<int64_t> shape = inputType.getShape();
  SmallVector<int64_t, 4> expected = {shape[0], 1, 1, shape[3]};
  if (resultType.getShape() != ArrayRef<int64_t>(expected)) {
    InFlightDiagnostic diag = emitOpError("result shape [");
    llvm::interleaveComma(resultType.getShape(), diag);
    diag << "] must be [N, 1, 1, C] = [";
    llvm::interleaveComma(expected, diag);
    return diag << "]";
  }
  if (shape[1] * shape[2] == 0)
    return emitOpError("needs a non-empty spatial extent (H * W > 0)");
  return verifySumFits(op, shape[1] * shape[2], inputQuant);
}

//===----------------------------------------------------------------------===//
// FullyConnectedOp
//===----------------------------------------------------------------------===//

LogicalResult FullyConnectedOp::verify() {
  FailureOr<LinearTypes> types = verifyLinearTypes(*this);
  if (failed(types))
    return failure();
  RankedTensorType inputType = types->inputType, filterType = types->filterType,
                   resultType = types->resultType;
  if (!inputType.hasStaticShape() || !filterType.hasStaticShape() ||
      !resultType.hasStaticShape())
    return emitOpError("requires static shapes");
  int64_t batch = inputType.getDimSize(0), in = inputType.getDimSize(1);
  int64_t out = filterType.getDimSize(0);
  if (filterType.getDimSize(1) != in)
    return emitOpError() << "filter has " << filterType.getDimSize(1)
                         << " input features, expected " << in
                         << " (the input's)";
  if (resultType.getDimSize(0) != batch || resultType.getDimSize(1) != out)
    return emitOpError() << "result shape [" << resultType.getDimSize(0) << ", "
                         << resultType.getDimSize(1) << "] must be [N, OUT] = ["
                         << batch << ", " << out << "]";
  return verifyBiasAndClamp(*this, getBias(), *types, out, getClampMinAttr(),
                            getClampMaxAttr());
}

//===----------------------------------------------------------------------===//
// ClampOp
//===----------------------------------------------------------------------===//

LogicalResult ClampOp::verify() {
  auto type = cast<RankedTensorType>(getType());
  if (failed(verifyActivation(*this, "input", type)))
    return failure();
  return verifyClampBounds(*this, getClampMinAttr(), getClampMaxAttr(),
                           cast<quant::QuantizedType>(type.getElementType()));
}

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::verify() {
  if (failed(verifyNoQnnpack(*this, getRounding())))
    return failure();
  auto resultType = cast<RankedTensorType>(getType());
  Operation *op = *this;
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  if (failed(verifyActivation(op, "result", resultType)))
    return failure();
  for (Value input : getInputs())
    if (failed(verifyActivation(op, "input",
                                cast<RankedTensorType>(input.getType()))))
      return failure();
  if (!resultType.hasStaticShape() ||
      llvm::any_of(getInputs(), [](Value input) {
        return !cast<RankedTensorType>(input.getType()).hasStaticShape();
      }))
    return emitOpError("requires static shapes");

  int64_t rank = resultType.getRank();
  int64_t axis = getAxis();
  if (axis < 0 || axis >= rank)
    return emitOpError() << "'axis' " << axis << " is out of range for rank "
                         << rank;
  int64_t total = 0;
  for (auto [i, input] : llvm::enumerate(getInputs())) {
    auto type = cast<RankedTensorType>(input.getType());
    if (type.getRank() != rank)
      return emitOpError() << "input " << i << " has rank " << type.getRank()
                           << ", expected " << rank << " (the result's)";
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis && type.getDimSize(d) != resultType.getDimSize(d))
        return emitOpError()
               << "input " << i << " has size " << type.getDimSize(d)
               << " in dimension " << d << ", expected "
               << resultType.getDimSize(d) << " (the result's)";
    total += type.getDimSize(axis);
  }
  if (total != resultType.getDimSize(axis))
    return emitOpError() << "the inputs add up to " << total << " along axis "
                         << axis << ", but the result has "
                         << resultType.getDimSize(axis);
  return success();
}

//===----------------------------------------------------------------------===//
// ReshapeOp, TransposeOp, PadOp
//===----------------------------------------------------------------------===//

/// Verifies that `input` and `result` are static quantized tensors of rank at
/// least 1 and that the result's quantized type is the input's, a per-axis
/// type having moved its quantized dimension to `resultAxis(inputAxis)` (or
/// to no valid dimension when that gives nullopt).
static LogicalResult
verifyCarriedType(Operation *op, RankedTensorType inputType,
                  RankedTensorType resultType,
                  function_ref<std::optional<int64_t>(int64_t)> resultAxis) {
  if (failed(verifyQuantizedTensor(op, "input", inputType,
                                   QuantizedContainer::Any)) ||
      failed(verifyQuantizedTensor(op, "result", resultType,
                                   QuantizedContainer::Any)))
    return failure();
  if (!inputType.hasStaticShape() || !resultType.hasStaticShape())
    return op->emitOpError("requires static shapes");
  if (inputType.getRank() == 0 || resultType.getRank() == 0)
    return op->emitOpError("requires tensors of rank 1 or more");
  auto input = cast<quant::QuantizedType>(inputType.getElementType());
  auto result = cast<quant::QuantizedType>(resultType.getElementType());
  auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(input);
  if (!perAxis) {
    if (input == result)
      return success();
    return op->emitOpError() << "'result' must have the input's quantized "
                                "type "
                             << input << ", got " << result;
  }
  int64_t axis = perAxis.getQuantizedDimension();
  std::optional<int64_t> expectedAxis = resultAxis(axis);
  if (!expectedAxis)
    return op->emitOpError()
           << "per-axis quantization on dimension " << axis
           << " does not survive: the result has no dimension holding the "
              "same elements";
  auto expected = quant::UniformQuantizedPerAxisType::get(
      perAxis.getFlags(), perAxis.getStorageType(), perAxis.getExpressedType(),
      perAxis.getScales(), perAxis.getZeroPoints(), *expectedAxis,
      perAxis.getStorageTypeMin(), perAxis.getStorageTypeMax());
  if (result == expected)
    return success();
  return op->emitOpError() << "'result' must have the quantized type "
                           << expected << " (the input's, on dimension "
                           << *expectedAxis << "), got " << result;
}

LogicalResult ReshapeOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto resultType = cast<RankedTensorType>(getType());
  if (inputType.hasStaticShape() && resultType.hasStaticShape() &&
      inputType.getNumElements() != resultType.getNumElements())
    return emitOpError() << "the result has " << resultType.getNumElements()
                         << " elements, the input "
                         << inputType.getNumElements();
  // The quantized dimension survives where the result has a dimension of its
  // size with as many elements before it.
  auto prefix = [](ArrayRef<int64_t> shape, int64_t dim) {
    int64_t product = 1;
    for (int64_t size : shape.take_front(dim))
      product *= size;
    return product;
  };
  return verifyCarriedType(
      *this, inputType, resultType,
      [&](int64_t axis) -> std::optional<int64_t> {
        ArrayRef<int64_t> in = inputType.getShape(),
                          out = resultType.getShape();
        auto result = cast<quant::QuantizedType>(resultType.getElementType());
        std::optional<int64_t> found;
        for (int64_t d = 0, e = out.size(); d < e; ++d) {
          if (out[d] != in[axis] || prefix(out, d) != prefix(in, axis))
            continue;
          found = d;
          // Of several such dimensions (sizes 1 around it), the result's own.
          if (auto perAxis =
                  dyn_cast<quant::UniformQuantizedPerAxisType>(result))
            if (perAxis.getQuantizedDimension() == d)
              break;
        }
        return found;
      });
}

LogicalResult TransposeOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto resultType = cast<RankedTensorType>(getType());
  ArrayRef<int64_t> permutation = getPermutation();
  int64_t rank = inputType.getRank();
  SmallVector<bool> seen(rank, false);
  bool isPermutation = static_cast<int64_t>(permutation.size()) == rank;
  for (int64_t p : permutation) {
    isPermutation &= p >= 0 && p < rank && !seen[p];
    if (!isPermutation)
      break;
    seen[p] = true;
  }
  if (!isPermutation)
    return emitOpError() << "'permutation' must be a permutation of [0, "
                         << rank << ")";
  if (resultType.getRank() != rank)
    return emitOpError() << "the result has rank " << resultType.getRank()
                         << ", the input " << rank;
  for (int64_t k = 0; k < rank; ++k)
    if (resultType.getDimSize(k) != inputType.getDimSize(permutation[k]))
      return emitOpError() << "result dimension " << k << " has size "
                           << resultType.getDimSize(k)
                           << ", expected that of input dimension "
                           << permutation[k] << " ("
                           << inputType.getDimSize(permutation[k]) << ")";
  return verifyCarriedType(*this, inputType, resultType,
                           [&](int64_t axis) -> std::optional<int64_t> {
                             return llvm::find(permutation, axis) -
                                    permutation.begin();
                           });
}

LogicalResult PadOp::verify() {
  auto inputType = cast<RankedTensorType>(getInput().getType());
  auto resultType = cast<RankedTensorType>(getType());
  Operation *op = *this;
  if (failed(verifyActivation(op, "input", inputType)))
    return failure();
  if (!inputType.hasStaticShape() || !resultType.hasStaticShape())
    return emitOpError("requires static shapes");
  size_t rank = inputType.getRank();
  if (failed(verifyIntArray(op, "low", getLow(), rank, 0,
                            "(one per dimension)")) ||
      failed(verifyIntArray(op, "high", getHigh(), rank, 0,
                            "(one per dimension)")))
    return failure();
  if (inputType.getElementType() != resultType.getElementType())
    return emitOpError() << "'result' must have the input's quantized type "
                         << inputType.getElementType() << ", got "
                         << resultType.getElementType();
  SmallVector<int64_t> expected;
  for (size_t d = 0; d < rank; ++d)
    expected.push_back(inputType.getDimSize(d) + getLow()[d] + getHigh()[d]);
  if (resultType.getShape() == ArrayRef<int64_t>(expected))
    return success();
  InFlightDiagnostic diag = emitOpError("result shape [");
  llvm::interleaveComma(resultType.getShape(), diag);
  diag << "] must be the input's padded by low and high, [";
  llvm::interleaveComma(expected, diag);
  return diag << "]";
}

//===----------------------------------------------------------------------===//
// TableOp
//===----------------------------------------------------------------------===//

LogicalResult TableOp::verify() {
  if (failed(verifyNoQnnpack(*this, getRounding())))
    return failure();
  Operation *op = *this;
  std::pair<StringRef, Value> sides[] = {{"input", getInput()},
                                         {"result", getResult()}};
  for (auto [name, value] : sides) {
    auto type = cast<RankedTensorType>(value.getType());
    if (failed(verifyActivation(op, name, type)))
      return failure();
    auto quantType = cast<quant::QuantizedType>(type.getElementType());
    if (quantType.getStorageTypeIntegralWidth() != 8)
      return emitOpError() << "'" << name << "' has "
                           << IntegerStorage::of(quantType).name()
                           << " storage; qedge.table takes and returns 8-bit "
                              "values (its table has 256 entries)";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// MatMulOp
//===----------------------------------------------------------------------===//

LogicalResult MatMulOp::verify() {
  if (failed(verifyNoQnnpack(*this, getRounding())))
    return failure();
  auto lhsType = cast<RankedTensorType>(getLhs().getType());
  auto rhsType = cast<RankedTensorType>(getRhs().getType());
  auto resultType = cast<RankedTensorType>(getType());
  Operation *op = *this;
  if (failed(verifyActivation(op, "lhs", lhsType)) ||
      failed(verifyQuantizedTensor(op, "rhs", rhsType,
                                   QuantizedContainer::ActivationOrWeight)) ||
      failed(verifyActivation(op, "result", resultType)))
    return failure();
  if (!lhsType.hasStaticShape() || !rhsType.hasStaticShape() ||
      !resultType.hasStaticShape())
    return emitOpError("requires static shapes");
  int64_t rank = lhsType.getRank();
  if ((rank != 2 && rank != 3) || rhsType.getRank() != rank ||
      resultType.getRank() != rank)
    return emitOpError() << "operands and result must all have rank 2 or all "
                            "rank 3 (batched), got ranks "
                         << lhsType.getRank() << ", " << rhsType.getRank()
                         << " and " << resultType.getRank();
  auto lhsQuant = cast<quant::QuantizedType>(lhsType.getElementType());
  auto rhsQuant = cast<quant::QuantizedType>(rhsType.getElementType());
  auto resultQuant = cast<quant::QuantizedType>(resultType.getElementType());
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(rhsQuant))
    if (perAxis.getQuantizedDimension() != rank - 1)
      return emitOpError()
             << "'rhs' must be quantized per tensor or per axis on its last "
                "dimension (columns), got dimension "
             << perAxis.getQuantizedDimension();
  if (failed(verifyStoragePair(op, IntegerStorage::of(lhsQuant),
                               IntegerStorage::of(rhsQuant))))
    return failure();

  ArrayRef<int64_t> lhs = lhsType.getShape(), rhs = rhsType.getShape();
  if (lhs[rank - 1] != rhs[rank - 2])
    return emitOpError() << "'lhs' has " << lhs[rank - 1]
                         << " columns but 'rhs' has " << rhs[rank - 2]
                         << " rows";
  if (rank == 3 && lhs[0] != rhs[0])
    return emitOpError() << "batch sizes differ: " << lhs[0] << " and "
                         << rhs[0];
  SmallVector<int64_t, 3> expected(lhs.drop_back());
  expected.push_back(rhs[rank - 1]);
  if (resultType.getShape() != ArrayRef<int64_t>(expected)) {
    InFlightDiagnostic diag = emitOpError("result shape [");
    llvm::interleaveComma(resultType.getShape(), diag);
    diag << "] must be [";
    llvm::interleaveComma(expected, diag);
    return diag << "]";
  }
  return verifyClampBounds(op, getClampMinAttr(), getClampMaxAttr(),
                           resultQuant);
}
