//===- ConvSchedule.h - Register tiles for int8 convolutions ----*- C++ -*-===//
//
// Part of quant-edge.
//
// One scheduler for every target: from a convolution's shape and the
// target's description (vector width, register count, the int8 dot-product
// instruction) it chooses the register tile a microkernel computes: a run of
// output pixels along the output row times a number of blocks of output
// channels, one vector accumulator per (pixel, block). A small cost model
// estimates the cycles of every tile that fits the register file and keeps the
// cheapest; options may override it.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_CONVERSION_QEDGETOVECTOR_CONVSCHEDULE_H
#define QEDGE_CONVERSION_QEDGETOVECTOR_CONVSCHEDULE_H

#include "qedge/Target/Target.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>

namespace mlir {
namespace qedge {

/// The shape of a 2-D convolution (NHWC input, OHWI filter), one group.
struct ConvShape {
  int64_t batch, inputH, inputW, inputC;
  int64_t outputC, kernelH, kernelW;
  int64_t outputH, outputW;
  int64_t strideH, strideW, dilationH, dilationW;
  /// [top, bottom, left, right].
  int64_t padding[4];
};

/// How a microkernel consumes int8 data on a target.
struct MicrokernelShape {
  /// Output channels in one vector of accumulators.
  int64_t lanes;
  /// Input channels one instruction reduces per lane (4 for vpdpbusd).
  int64_t reductionGroup;
  /// Dot-product instructions that can issue per cycle.
  double dotsPerCycle;
  /// Vector loads that can issue per cycle.
  double loadsPerCycle;
  /// Reduction steps that one input load serves (4 on AArch64, where the
  /// by-element sdot and smlal take each group of a loaded register in
  /// turn): every pixel of a tile then keeps its input in a register across
  /// those steps.
  int64_t groupsPerInputLoad = 1;
  /// Output pixels one instruction multiplies: 2 for smmla, which multiplies
  /// a pair of pixels (2 x 8 bytes) by a pair of output channels (2 x 8
  /// bytes) into a 2 x 2 tile of accumulators. Tiles then have an even
  /// number of pixels, and each step loads one register per pixel pair and
  /// two per block of four channels.
  int64_t pixelsPerDot = 1;
  /// Micro-operations the core dispatches per cycle, and those of one vector
  /// load (0: dispatch is not what limits the kernel). Neoverse-N1 class
  /// cores dispatch three, and a 128-bit load with an immediate offset is two
  /// of them, which makes tiles that load a register per instruction slow.
  double dispatchPerCycle = 0;
  double uopsPerLoad = 1;
  /// Accumulator registers per (pixel, block of `lanes` output channels): 1
  /// where the lanes are the channels; `lanes` for smull + smlal2 + sadalp,
  /// whose lanes hold partial sums of one channel (summed across lanes, 3
  /// addp per block, before the requantization).
  int64_t accumulatorsPerBlock = 1;
  /// Cycles of one reduction step beyond its dot products and loads: loop
  /// control and address updates, which the core overlaps with the dot
  /// products only partly.
  double stepOverhead = 0.5;
  /// Cycles from one dot product into an accumulator to the next one into
  /// it: a step takes at least that long, however few its dot products
  /// (0: the kernel's other bounds already cover it).
  double dotLatency = 0;
  /// Bytes of one packed weight: 2 where the kernel multiplies i16 pairs
  /// (vpmaddwd), whose weights are widened at compile time.
  int64_t weightBytes = 1;
  /// Registers that hold a product between its multiply and its add into
  /// the accumulator: 1 for vpmaddwd + vpaddd, 0 where the instruction
  /// accumulates in place (vpdpbusd).
  int64_t productRegisters = 0;
};

/// A register tile: `pixels` consecutive output pixels of one output row,
/// times `channelBlocks` blocks of `lanes` output channels.
struct ConvTile {
  int64_t pixels = 0;
  int64_t channelBlocks = 0;
};

/// The tile chosen for a convolution and what the cost model thought of it.
struct ConvSchedule {
  ConvTile tile;
  MicrokernelShape kernel;
  /// Blocks of output channels, the last one padded with zero weights.
  int64_t outputBlocks = 0;
  /// Input channels per pixel of the kernel's input: the channels rounded
  /// up to the reduction group, or the channels themselves with
  /// `packedRows`.
  int64_t paddedInputC = 0;
  /// Whether each kernel row's (column, channel) run is reduced as one
  /// contiguous run of kernelW x inputC values, padded as a whole to the
  /// reduction group, rather than pixel by pixel: for channels that are not a
  /// multiple of the group (an RGB or grayscale stem) with unit dilation
  /// along the row. The input then needs no padded channels, and the run no
  /// padding per pixel (a 3x3 grayscale row is one step of 4, not three).
  bool packedRows = false;
  /// Reduction steps per kernel row: ceil(kernelW * inputC / group) with
  /// `packedRows`, kernelW * paddedInputC / group otherwise.
  int64_t rowSteps = 0;
  /// The output columns [interiorFirst, interiorEnd) whose taps all fall
  /// inside the image horizontally take `tile` along their rows. With
  /// `columnStrips`, the border columns outside them are computed down the
  /// image instead, `stripTile.pixels` output rows at a time, skipping the
  /// kernel columns that read padding; without, the rows span every column.
  int64_t interiorFirst = 0, interiorEnd = 0;
  bool columnStrips = false;
  ConvTile stripTile;
  /// Whether the loop over runs of output channel blocks is the outermost:
  /// where all the packed weights would not stay in the core's caches beside
  /// the activations, so that one run's weights stay there while every pixel
  /// uses them. Otherwise the rows are, and each row's input stays in the
  /// first-level cache while every run of channels reads it.
  bool channelsOuter = false;
  /// Estimated cycles of the whole convolution, and of its useful MACs alone
  /// at the instruction's peak.
  double estimatedCycles = 0, peakCycles = 0;

  void print(llvm::raw_ostream &os) const;
};

/// Registers the microkernel needs besides the accumulators of `tile`: one
/// per block of weights, and one broadcast input (or one input per pixel
/// where one load serves several steps).
int64_t getExtraRegisters(const ConvTile &tile, const MicrokernelShape &kernel);

/// The microkernel shape of `info`'s int8 dot-product instruction, or an
/// error when the target has none the scheduler supports.
llvm::Expected<MicrokernelShape> getMicrokernelShape(const CodegenInfo &info);

/// The taps [first, end) of a kernel of `taps` taps `dilation` apart that
/// output position `out` (`stride` apart) reads inside an image of `size`
/// positions after `padBefore` positions of padding.
std::pair<int64_t, int64_t> getImageTaps(int64_t out, int64_t stride,
                                         int64_t dilation, int64_t taps,
                                         int64_t padBefore, int64_t size);

/// The kernel columns of output column `ow` inside the image, not in its
/// left or right padding.
std::pair<int64_t, int64_t> getImageKernelColumns(const ConvShape &shape,
                                                  int64_t ow);

/// Chooses the tile for `shape` on `info`, and whether the border columns
/// are strips. A non-zero field of `forced` overrides the cost model's
/// choice (and then rows span every column); a forced tile that does not fit
/// the register file, or that is larger than the convolution, is an error.
llvm::Expected<ConvSchedule> chooseConvSchedule(const ConvShape &shape,
                                                const CodegenInfo &info,
                                                ConvTile forced = {});

} // namespace qedge
} // namespace mlir

#endif // QEDGE_CONVERSION_QEDGETOVECTOR_CONVSCHEDULE_H
