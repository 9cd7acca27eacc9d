//===- Pipelines.cpp - quant-edge pass pipelines --------------------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Pipelines/Pipelines.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "qedge/Conversion/Passes.h"
#include "qedge/Dialect/QEdge/Transforms/Passes.h"
#include "qedge/Target/Target.h"

using namespace mlir;
using namespace mlir::qedge;

void mlir::qedge::buildLowerToLLVMPipeline(OpPassManager &pm,
                                           const LowerToLLVMOptions &options) {
  // The target first, so that every pass below can ask what it generates
  // code for.
  QEdgeSetTargetOptions targetOptions;
  targetOptions.target = options.target;
  pm.addPass(createQEdgeSetTarget(targetOptions));

  // Quantized level to integer-only level; calibration markers are identities
  // once the ranges are chosen.
  pm.addPass(createQEdgeStripCalibration());
  // The float level (TOSA on f32, what front ends emit) goes through
  // upstream's TOSA lowering; it runs before and beside the quantized ops.
  // HWCF filters: with the output channel innermost (qedge-float-loop-order
  // below), the weights of consecutive channels are adjacent.
  TosaToLinalgNamedOptions namedOptions;
  namedOptions.preferConv2DKernelLayoutHWCF = true;
  tosa::addTosaToLinalgPasses(pm, TosaToLinalgOptions(), namedOptions);
  pm.addNestedPass<func::FuncOp>(createTosaToArithPass());
  pm.addNestedPass<func::FuncOp>(createTosaToTensorPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createQEdgeFoldQuant());
  pm.addPass(createCanonicalizerPass());

  // Convolutions the target has kernels for become register-tiled vector
  // code; the rest of the integer qedge ops, and elementwise arith/math on
  // tensors, go through linalg.
  pm.addPass(createConvertQEdgeToVector());
  pm.addPass(createConvertQEdgeToLinalg());
  pm.addPass(createConvertElementwiseToLinalgPass());
  // A quantized add is several elementwise steps (offsets and shifts, three
  // rescales, the sum); fused into one loop nest, nothing between them
  // reaches memory and LLVM vectorizes the one loop (about 11x on a
  // 64K-element add).
  pm.addPass(createLinalgElementwiseOpFusionPass());
  pm.addNestedPass<func::FuncOp>(createQEdgeFloatLoopOrder());
  pm.addPass(createCanonicalizerPass());

  // Tensors to buffers. Results become out-parameters so that callers (the
  // runner, the generated C header) own every buffer.
  bufferization::OneShotBufferizePassOptions bufferizeOptions;
  bufferizeOptions.bufferizeFunctionBoundaries = true;
  bufferizeOptions.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferizeOptions));
  // Loops that wrote a tensor now carry its buffer unchanged; folding those
  // iter_args shows which allocation a result is, for the hoisting below.
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createQEdgeDistinctResults());
  bufferization::BufferResultsToOutParamsPassOptions outParamsOptions;
  outParamsOptions.modifyPublicFunctions = true;
  // A result computed into its own allocation is computed in the caller's
  // buffer instead, saving an allocation and a copy of every output.
  outParamsOptions.hoistStaticAllocs = true;
  pm.addPass(bufferization::createBufferResultsToOutParamsPass(outParamsOptions));
  bufferization::BufferDeallocationPipelineOptions deallocOptions;
  bufferization::buildBufferDeallocationPipeline(pm, deallocOptions);

  // Loops, then LLVM. Copies become loops too, so that the code calls
  // nothing beyond libc.
  pm.addPass(createConvertMemRefCopyToLinalg());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(createSCFToControlFlowPass());
  // Subviews at offsets computed in a loop expand into affine.apply, which
  // lower-affine then turns into arith.
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass());
  pm.addPass(createConvertVectorToLLVMPass());
  if (options.barePointers) {
    ConvertFuncToLLVMPassOptions funcOptions;
    funcOptions.useBarePtrCallConv = true;
    pm.addPass(createConvertFuncToLLVMPass(funcOptions));
  }
  pm.addPass(createConvertToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createQEdgeApplyTargetToLLVM());
}

llvm::StringRef mlir::qedge::getTargetOptionHelp() {
  static const std::string help = getTargetHelp();
  return help;
}

void mlir::qedge::registerPipelines() {
  PassPipelineRegistration<LowerToLLVMOptions>(
      "qedge-lower-to-llvm",
      "Lower integer-only qedge programs to the LLVM dialect",
      buildLowerToLLVMPipeline);
}
