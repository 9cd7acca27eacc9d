//===- Passes.td - quant-edge conversion passes ------------*- tablegen -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_CONVERSION_PASSES_TD
#define QEDGE_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// QEdgeToLinalg
//===----------------------------------------------------------------------===//

def ConvertQEdgeToLinalg : Pass<"convert-qedge-to-linalg"> {
  let summary = "Lower integer-only qedge ops to linalg on tensors";
  let description = [{
    Rewrites `qedge.int_conv2d` and `qedge.rescale` into `linalg.generic`
    ops on tensors (with `tensor.pad` for padding and reshapes for groups),
    so that upstream tiling, vectorization and bufferization apply. The
    arithmetic follows `docs/QuantizationSpec.md` bit for bit.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect"
  ];
}

//===----------------------------------------------------------------------===//
// QEdgeToVector
//===----------------------------------------------------------------------===//

def ConvertQEdgeToVector
    : Pass<"convert-qedge-to-vector", "::mlir::ModuleOp"> {
  let summary = "Lower int8 convolutions to register-tiled vector kernels";
  let description = [{
    Rewrites each `qedge.rescale` of a `qedge.int_conv2d` with constant
    weights into loops of vector code on tensors for the module's
    `qedge.target`: the weights packed at compile time into the layout of the
    target's int8 instruction, a register tile of output pixels times blocks
    of output channels chosen by a cost model from the shape and the target's
    vector registers, and the requantization applied to the accumulators in
    registers. Convolutions or targets the kernels do not cover are left for
    `convert-qedge-to-linalg`; the results are the same bits either way.

    Output rows whose kernel rows reach into the padding above or below the
    image skip those kernel rows, with a bias per output row for the taps
    skipped; where the cost model finds it cheaper, output columns whose
    kernel columns reach into the left or right padding are computed as
    strips down the image that skip those kernel columns. Where the packed
    weights exceed 256 KB, the loop over runs of output channel blocks is
    the outermost, so that one run's weights stay in the core's caches while
    every pixel uses them.

    On `aarch64+i8mm`, `smmla` multiplies 2 x 2 tiles of (pixel, output
    channel) from an input copied as pixel pairs; where the input channels
    are not a multiple of 8 or a row has one pixel, the target takes the
    by-element `sdot` kernel. On plain `aarch64`, `smull` + `smlal2` +
    `sadalp` sum two byte products in i16, which the constant weights must
    prove cannot overflow (no two weights of -128 in one i16 lane);
    otherwise every product is widened (`smlal` on i16 operands).

    On AArch64 targets it also rewrites the 256-entry byte table lookup a
    folded `qedge.table` is into NEON `tbl` / `tbx`, sixteen bytes at a time.

    `tile-pixels` and `tile-channel-blocks` override the cost model (a tile
    that does not fit the registers, is larger than the convolution, or has
    an odd number of pixels for `smmla`, is an error); `print-schedule`
    reports each choice as a remark.
  }];
  let options = [
    Option<"tilePixels", "tile-pixels", "int64_t", /*default=*/"0",
           "Output pixels per register tile (0: chosen by the cost model)">,
    Option<"tileChannelBlocks", "tile-channel-blocks", "int64_t",
           /*default=*/"0",
           "Blocks of output channels per register tile (0: chosen by the "
           "cost model)">,
    Option<"printSchedule", "print-schedule", "bool", /*default=*/"false",
           "Report the schedule of each convolution as a remark">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect"
  ];
}

//===----------------------------------------------------------------------===//
// MemRefCopyToLinalg
//===----------------------------------------------------------------------===//

def ConvertMemRefCopyToLinalg : Pass<"convert-memref-copy-to-linalg"> {
  let summary = "Lower strided memref.copy without MLIR's runner library";
  let description = [{
    The LLVM lowering of a `memref.copy` between non-contiguous buffers calls
    `memrefCopy` from MLIR's C runner library. Here a copy whose innermost
    dimensions are contiguous on both sides, at least 64 bytes of them,
    becomes loops over the other dimensions around contiguous row copies
    (each a `memcpy`); any other strided copy becomes a `linalg.copy`, that
    is, loops. Contiguous copies are left as they are (a `memcpy`). Compiled
    objects need nothing beyond libc.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect",
                           "::mlir::arith::ArithDialect"];
}

//===----------------------------------------------------------------------===//
// DistinctResults
//===----------------------------------------------------------------------===//

def QEdgeDistinctResults
    : Pass<"qedge-distinct-results", "::mlir::func::FuncOp"> {
  let summary = "Return each buffer once, copying repeated results";
  let description = [{
    A buffer that a `func.return` returns more than once is returned as a
    copy (a new allocation and a `memref.copy`) at each later position, so
    that every result is a buffer of its own. `buffer-results-to-out-params`
    with hoisted allocations then computes each result in its out-parameter;
    it cannot do that for one allocation returned twice.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

//===----------------------------------------------------------------------===//
// FloatLoopOrder
//===----------------------------------------------------------------------===//

def QEdgeFloatLoopOrder : Pass<"qedge-float-loop-order"> {
  let summary = "Puts the output channel innermost in float contractions";
  let description = [{
    The float level (TOSA lowered through linalg) becomes plain loops. In
    the named order of a convolution or a matmul the innermost loop is the
    reduction, and LLVM may not vectorize a float reduction without
    reassociating its sum. This pass generalizes float convolutions
    (`linalg.conv_2d_nhwc_hwcf`, `linalg.depthwise_conv_2d_nhwc_hwc`) and
    matmuls (`linalg.matmul`, `linalg.batch_matmul`) and moves the loop of
    the output's last dimension (the output channel, or the matmul's
    column), which is parallel and contiguous in the output and the
    weights, innermost. Every output element still sums its products in
    the same order, so results do not change; LLVM vectorizes the
    innermost loop across channels.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

//===----------------------------------------------------------------------===//
// SetTarget
//===----------------------------------------------------------------------===//

def QEdgeSetTarget : Pass<"qedge-set-target", "::mlir::ModuleOp"> {
  let summary = "Attach the code generation target to the module";
  let description = [{
    Resolves a target name (`host` or a named target: the list is
    `qedge-opt --help`'s, under `qedge-lower-to-llvm`) and attaches it as the
    `qedge.target` module attribute (`#qedge.target<...>`), so that every
    later pass can ask what it generates code for. Runs first in
    `qedge-lower-to-llvm`. Fails on an unknown name.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"host\"",
           "Target name: host or a named target">
  ];
  let dependentDialects = ["::mlir::qedge::QEdgeDialect"];
}

def QEdgeApplyTargetToLLVM
    : Pass<"qedge-apply-target-to-llvm", "::mlir::ModuleOp"> {
  let summary = "Tell LLVM the module's target";
  let description = [{
    Sets `llvm.target_triple` on the module and `target_cpu` /
    `target_features` on every `llvm.func` definition from the module's
    `qedge.target` attribute. Fails when the module has none.

    On x86 it also rewrites a masked store whose constant mask enables one
    lane into a plain store of that lane: LLVM 22 stores the untruncated
    element of a truncated vector there (llvm/llvm-project#179489), which
    writes past an int8 result whose last block holds one channel.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

#endif // QEDGE_CONVERSION_PASSES_TD
