//===- ConvSchedule.cpp - Register tiles for int8 convolutions ------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Conversion/QEdgeToVector/ConvSchedule.h"

#include "llvm/Support/Format.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::qedge;

namespace {
// Costs in cycles of what surrounds the reduction: the requantization of one
// accumulator vector (about twenty vector instructions at three per cycle)
// and starting or finishing one tile (addresses, bias loads, loop control).
constexpr double kEpilogueCyclesPerVector = 8;
constexpr double kCyclesPerTile = 12;
// Packed weights beyond this many bytes would not stay in a core's
// second-level cache (512 KB to 2 MB on the targets' cores) beside the
// activations, streaming from the shared cache once per output row.
constexpr int64_t kCachedWeightBytes = 256 * 1024;
} // namespace

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

int64_t mlir::qedge::getExtraRegisters(const ConvTile &tile,
                                       const MicrokernelShape &kernel) {
  // The lane-sum kernel: its accumulators beyond one per (pixel, block),
  // each pixel's 16 input bytes, each channel's 16 weight bytes, and the
  // products in flight: LLVM interleaves the smull / smlal2 pairs of several
  // channels, and with fewer than seven registers for them it spills
  // (measured on 2 x 2 tiles, 28 registers besides).
  if (kernel.accumulatorsPerBlock > 1)
    return tile.pixels * tile.channelBlocks *
               (kernel.accumulatorsPerBlock - 1) +
           tile.pixels + tile.channelBlocks * kernel.lanes + 7;
  // The smmla kernel: each pixel pair's input and each block's two weight
  // registers, and two more for the next step's loads (without them LLVM
  // spilled an accumulator of 4 x 5 tiles, 32 registers, to the stack in
  // the inner loop).
  if (kernel.pixelsPerDot == 2)
    return tile.pixels / 2 + 2 * tile.channelBlocks + 2;
  // Each block's weights, the broadcast input, and the product in flight
  // where the multiply does not accumulate (without it, 4 x 3 vpmaddwd tiles
  // on AVX2's 16 registers kept an accumulator on the stack, loaded and
  // stored at every step). With one block, each broadcast is used once and
  // its register takes the product.
  if (kernel.groupsPerInputLoad == 1)
    return tile.channelBlocks + 1 +
           (tile.channelBlocks > 1 ? kernel.productRegisters : 0);
  // Each pixel's input stays in a register across the steps its load
  // serves; two more hold the weights of the next step, loaded while this
  // one multiplies (with fewer spare, LLVM spills or shuffles accumulators).
  return tile.channelBlocks + tile.pixels + 2;
}

llvm::Expected<MicrokernelShape>
mlir::qedge::getMicrokernelShape(const CodegenInfo &info) {
  switch (info.int8Dot) {
  case Int8Dot::vpdpbusd: {
    // One 512-bit vpdpbusd per cycle; two vector loads per cycle. A step's
    // loop control issues beside the dot products (six-wide dispatch): 9 x 2
    // tiles of 56x56x64 3x3 run as many MACs per cycle as 14 x 2. Each
    // accumulator waits for its previous vpdpbusd (5 cycles on Intel's
    // cores), so a step takes at least that long.
    MicrokernelShape shape{info.vectorBits / 32, 4, 1.0, 2.0};
    shape.stepOverhead = 0;
    shape.dotLatency = 5;
    return shape;
  }
  case Int8Dot::pmadd: {
    // i16 pairs: two vpmaddwd per cycle up to 256 bits, one at 512.
    MicrokernelShape shape{info.vectorBits / 32, 2,
                           info.vectorBits > 256 ? 1.0 : 2.0, 2.0};
    shape.weightBytes = 2;
    shape.productRegisters = 1;
    return shape;
  }
  case Int8Dot::sdot:
    // Neoverse-N1 class: two 128-bit sdot per cycle (both vector pipes), two
    // loads; one 16-byte input load serves four steps (the by-element sdot).
    return MicrokernelShape{info.vectorBits / 32, 4, 2.0, 2.0, 4, 1, 3.0, 2.0};
  case Int8Dot::smmla:
    // Neoverse-N2 class: two smmla per cycle, each 2 pixels x 2 channels x 8
    // bytes: a step of 8 input channels takes one instruction per (pixel,
    // block of four channels), as sdot does for 4.
    return MicrokernelShape{info.vectorBits / 32, 8, 2.0, 2.0, 1, 2, 3.0, 2.0};
  case Int8Dot::smull:
    if (info.pairSums) {
      // 16 input channels per step; per (pixel, channel) one smull, one
      // smlal2 (both on V0 alone on Neoverse-N1) and one sadalp (V1): two
      // cycles, eight per block of four channels.
      MicrokernelShape shape{info.vectorBits / 32, 16, 0.125, 2.0, 1,
                             1, 3.0, 2.0};
      shape.accumulatorsPerBlock = info.vectorBits / 32;
      return shape;
    }
    // i16 operands, one input channel per step: smlal issues on one vector
    // pipe only (V0 on Neoverse-N1), one per cycle; two loads, each input
    // load serving four steps (the by-element smlal).
    return MicrokernelShape{info.vectorBits / 32, 1, 1.0, 2.0, 4, 1, 3.0, 2.0};
  default:
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "no int8 convolution microkernel for the '" +
                                       stringifyInt8Dot(info.int8Dot) +
                                       "' instruction");
  }
}

/// Vector loads per reduction step of `tile`: the weights of every block,
/// and each pixel's input once per the steps a load serves.
static double getStepLoads(const MicrokernelShape &kernel,
                           const ConvTile &tile) {
  if (kernel.accumulatorsPerBlock > 1)
    return tile.pixels + static_cast<double>(tile.channelBlocks) * kernel.lanes;
  if (kernel.pixelsPerDot == 2)
    return tile.pixels / 2.0 + 2.0 * tile.channelBlocks;
  return static_cast<double>(tile.pixels) / kernel.groupsPerInputLoad +
         tile.channelBlocks;
}

/// Estimated cycles of the whole convolution with `tile`.
static double estimateCycles(const ConvShape &shape,
                             const MicrokernelShape &kernel, int64_t blocks,
                             int64_t rowSteps, const ConvTile &tile) {
  double m = tile.pixels, n = tile.channelBlocks;
  double steps = static_cast<double>(shape.kernelH * rowSteps);
  double loads = getStepLoads(kernel, tile);
  double stepCycles = std::max({m * n / kernel.dotsPerCycle,
                                loads / kernel.loadsPerCycle,
                                kernel.dotLatency});
  double instructions = m * n;
  if (kernel.accumulatorsPerBlock > 1)
    instructions *= 3 * kernel.accumulatorsPerBlock;
  if (kernel.dispatchPerCycle > 0)
    stepCycles =
        std::max(stepCycles, (instructions + loads * kernel.uopsPerLoad) /
                                 kernel.dispatchPerCycle);
  stepCycles += kernel.stepOverhead;
  // The last tile of a row and of the channels overlaps the one before it
  // rather than running a smaller kernel: its extra work is counted here.
  double tiles = static_cast<double>(shape.batch * shape.outputH *
                                     ceilDiv(shape.outputW, tile.pixels) *
                                     ceilDiv(blocks, tile.channelBlocks));
  return tiles * (steps * stepCycles + m * n * kEpilogueCyclesPerVector +
                  kCyclesPerTile);
}

/// The cheapest tile for `shape` that fits `registers` (pixels x blocks
/// accumulators and the kernel's other registers), within `forced`; its
/// estimated cycles in `best`. No tile fits: pixels == 0.
static ConvTile searchTile(const ConvShape &shape,
                           const MicrokernelShape &kernel,
                           const ConvSchedule &schedule, int64_t registers,
                           ConvTile forced, double &best) {
  ConvTile chosen;
  best = 0;
  for (int64_t m = 1; m <= shape.outputW; ++m) {
    if ((forced.pixels && m != forced.pixels) || m % kernel.pixelsPerDot)
      continue;
    for (int64_t n = 1; n <= schedule.outputBlocks; ++n) {
      if (forced.channelBlocks && n != forced.channelBlocks)
        continue;
      ConvTile tile{m, n};
      if (m * n + getExtraRegisters(tile, kernel) > registers)
        continue;
      double cycles = estimateCycles(shape, kernel, schedule.outputBlocks,
                                     schedule.rowSteps, tile);
      // At equal cost, the tile with fewer loads: fewer instructions issue.
      if (chosen.pixels == 0 || cycles < best ||
          (cycles == best &&
           getStepLoads(kernel, tile) < getStepLoads(kernel, chosen))) {
        best = cycles;
        chosen = tile;
      }
    }
  }
  return chosen;
}

std::pair<int64_t, int64_t>
mlir::qedge::getImageTaps(int64_t out, int64_t stride, int64_t dilation,
                          int64_t taps, int64_t padBefore, int64_t size) {
  int64_t first = 0, end = 0;
  for (int64_t t = 0; t < taps; ++t) {
    int64_t position = out * stride + t * dilation;
    bool inImage = position >= padBefore && position < padBefore + size;
    if (inImage && end == 0)
      first = t;
    if (inImage)
      end = t + 1;
  }
  return {first, end};
}

std::pair<int64_t, int64_t>
mlir::qedge::getImageKernelColumns(const ConvShape &shape, int64_t ow) {
  return getImageTaps(ow, shape.strideW, shape.dilationW, shape.kernelW,
                      shape.padding[2], shape.inputW);
}

/// Border columns as strips down the image: their tiles skip the kernel
/// columns that read padding (a third of the taps of a 3x3 kernel's border
/// pixel), and the rows' tiles cover the interior only. Worth it where the
/// estimate of both is below that of rows over every column: a narrow image
/// whose border pixels are a large share (7x7: two in seven). The strips
/// start their reduction at a kernel column, so a kernel row must be one run
/// of (column, channel) steps that a column starts (unit dilation, no packed
/// rows), and the smmla kernel's input pairs are along rows.
static void planColumnStrips(const ConvShape &shape,
                             const MicrokernelShape &kernel,
                             ConvSchedule &schedule, int64_t registers,
                             double &best) {
  schedule.interiorFirst = 0;
  schedule.interiorEnd = shape.outputW;
  if (kernel.pixelsPerDot != 1 || kernel.accumulatorsPerBlock != 1 ||
      schedule.packedRows ||
      shape.dilationW != 1 || (shape.padding[2] == 0 && shape.padding[3] == 0))
    return;
  auto full = std::pair<int64_t, int64_t>{0, shape.kernelW};
  int64_t first = 0, end = shape.outputW;
  while (first < end && getImageKernelColumns(shape, first) != full)
    ++first;
  while (end > first && getImageKernelColumns(shape, end - 1) != full)
    --end;
  int64_t border = shape.outputW - (end - first);
  if (border == 0 || end == first)
    return;
  ConvShape interior = shape;
  interior.outputW = end - first;
  // A strip is a row of outputH pixels, one per border column, with the
  // kernel columns inside the image.
  ConvShape strips = shape;
  strips.outputW = shape.outputH;
  strips.outputH = border;
  int64_t columns = 0;
  for (int64_t ow = 0; ow < shape.outputW; ++ow)
    if (ow < first || ow >= end) {
      auto [sFirst, sEnd] = getImageKernelColumns(shape, ow);
      columns = std::max(columns, sEnd - sFirst);
    }
  strips.kernelW = columns;
  int64_t stripSteps = columns * schedule.paddedInputC / kernel.reductionGroup;
  // Where one step of a block's weights is a whole cache line (vpdpbusd's
  // 64 bytes), both keep the row tile's blocks of output channels: a tile
  // with more blocks and fewer pixels reads each line of weights for fewer
  // instructions, from beyond the first-level cache for the larger layers,
  // which the estimate does not count (measured: 14x14x256 3x3 is 8% slower
  // with 6 x 4 tiles than with 12 x 2).
  ConvTile sameBlocks;
  if (kernel.lanes * kernel.reductionGroup >= 64)
    sameBlocks.channelBlocks = schedule.tile.channelBlocks;
  double interiorCycles = 0, stripCycles = 0;
  ConvTile interiorTile = searchTile(interior, kernel, schedule, registers,
                                     sameBlocks, interiorCycles);
  ConvSchedule stripSchedule = schedule;
  stripSchedule.rowSteps = stripSteps;
  // A strip's pixels are rows apart, and LLVM's scheduler issues several of
  // their input loads ahead of the dot products: with the row tile's
  // register budget it spills accumulators (measured: 14 x 2 strips of
  // 14x14x256 spent half their time in spills), so strips keep three
  // registers spare.
  ConvTile stripTile = searchTile(strips, kernel, stripSchedule,
                                  registers - 3, sameBlocks, stripCycles);
  if (!interiorTile.pixels || !stripTile.pixels ||
      interiorCycles + stripCycles >= best)
    return;
  schedule.columnStrips = true;
  schedule.interiorFirst = first;
  schedule.interiorEnd = end;
  schedule.tile = interiorTile;
  schedule.stripTile = stripTile;
  best = interiorCycles + stripCycles;
}

/// smmla pairs pixels along a row, so an odd row computes one pixel twice
/// (its last pair overlaps the one before) and a 7-wide row 8. The last
/// column of an odd width can instead be a strip of vertical pairs (pixels
/// (y, x) and (y + 1, x)), skipping its kernel columns that read padding,
/// and the rows an even width: 7x7x512 3x3 computes 390 MACs per 361 useful
/// rather than 456. Worth it where the estimate of both is below that of
/// rows over every column. The strip starts its reduction at a kernel
/// column, as planColumnStrips's do.
static void planPairColumnStrip(const ConvShape &shape,
                                const MicrokernelShape &kernel,
                                ConvSchedule &schedule, int64_t registers,
                                double &best) {
  if (kernel.pixelsPerDot != 2 || shape.outputW % 2 == 0 ||
      shape.outputW < 3 || shape.outputH < 2 || schedule.packedRows ||
      shape.dilationW != 1)
    return;
  int64_t last = shape.outputW - 1;
  ConvShape interior = shape;
  interior.outputW = last;
  ConvShape strip = shape;
  strip.outputW = shape.outputH;
  strip.outputH = 1;
  auto [first, end] = getImageKernelColumns(shape, last);
  strip.kernelW = end - first;
  ConvSchedule stripSchedule = schedule;
  stripSchedule.rowSteps =
      strip.kernelW * schedule.paddedInputC / kernel.reductionGroup;
  double interiorCycles = 0, stripCycles = 0;
  ConvTile interiorTile =
      searchTile(interior, kernel, schedule, registers, {}, interiorCycles);
  ConvTile stripTile = searchTile(strip, kernel, stripSchedule, registers - 3,
                                  {}, stripCycles);
  if (!interiorTile.pixels || !stripTile.pixels ||
      interiorCycles + stripCycles >= best)
    return;
  schedule.columnStrips = true;
  schedule.interiorFirst = 0;
  schedule.interiorEnd = last;
  schedule.tile = interiorTile;
  schedule.stripTile = stripTile;
  best = interiorCycles + stripCycles;
}

llvm::Expected<ConvSchedule>
mlir::qedge::chooseConvSchedule(const ConvShape &shape, const CodegenInfo &info,
                                ConvTile forced) {
  llvm::Expected<MicrokernelShape> kernel = getMicrokernelShape(info);
  if (!kernel)
    return kernel.takeError();
  ConvSchedule schedule;
  schedule.kernel = *kernel;
  schedule.outputBlocks = ceilDiv(shape.outputC, kernel->lanes);
  int64_t group = kernel->reductionGroup;
  schedule.packedRows = shape.inputC % group != 0 && shape.dilationW == 1;
  if (schedule.packedRows) {
    schedule.paddedInputC = shape.inputC;
    schedule.rowSteps = ceilDiv(shape.kernelW * shape.inputC, group);
  } else {
    schedule.paddedInputC = ceilDiv(shape.inputC, group) * group;
    schedule.rowSteps = shape.kernelW * schedule.paddedInputC / group;
  }
  auto registers = static_cast<int64_t>(info.vectorRegisters);
  if (forced.pixels > shape.outputW)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "tile of " + llvm::Twine(forced.pixels) +
            " pixels is wider than the output row (" +
            llvm::Twine(shape.outputW) + ")");
  if (forced.pixels % kernel->pixelsPerDot != 0)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "tile of " + llvm::Twine(forced.pixels) + " pixels: the '" +
            stringifyInt8Dot(info.int8Dot) + "' kernel takes pixels in " +
            "pairs");
  if (forced.channelBlocks > schedule.outputBlocks)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "tile of " + llvm::Twine(forced.channelBlocks) +
            " channel blocks exceeds the " +
            llvm::Twine(schedule.outputBlocks) + " blocks of " +
            llvm::Twine(kernel->lanes) + " output channels");

  double best = 0;
  schedule.tile = searchTile(shape, *kernel, schedule, registers, forced, best);
  if (schedule.tile.pixels == 0)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "tile of " + llvm::Twine(forced.pixels) + " pixels x " +
            llvm::Twine(forced.channelBlocks) + " channel blocks needs " +
            llvm::Twine(forced.pixels * forced.channelBlocks +
                        getExtraRegisters(forced, *kernel)) +
            " vector registers; the target has " + llvm::Twine(registers));
  if (!forced.pixels && !forced.channelBlocks) {
    planColumnStrips(shape, *kernel, schedule, registers, best);
    planPairColumnStrip(shape, *kernel, schedule, registers, best);
  }
  else
    schedule.interiorEnd = shape.outputW;
  schedule.channelsOuter = schedule.outputBlocks * shape.kernelH *
                              schedule.rowSteps * kernel->lanes *
                              kernel->reductionGroup * kernel->weightBytes >
                          kCachedWeightBytes;
  schedule.estimatedCycles = best;
  double macs = static_cast<double>(
      shape.batch * shape.outputH * shape.outputW * shape.outputC *
      shape.kernelH * shape.kernelW * shape.inputC);
  schedule.peakCycles =
      macs / (kernel->lanes * kernel->reductionGroup * kernel->dotsPerCycle);
  return schedule;
}

void ConvSchedule::print(llvm::raw_ostream &os) const {
  os << "tile " << tile.pixels << " pixels x " << tile.channelBlocks
     << " blocks of " << kernel.lanes << " channels";
  if (kernel.pixelsPerDot == 2)
    os << " in 2x2 tiles";
  os << ", " << outputBlocks << " output blocks, ";
  if (packedRows)
    os << "kernel rows packed into " << rowSteps << " steps of "
       << kernel.reductionGroup;
  else
    os << "reduction padded to " << paddedInputC << " input channels";
  if (columnStrips)
    os << "; border columns as strips of "
       << (kernel.pixelsPerDot == 2 ? "vertical pairs, " : "")
       << stripTile.pixels << " rows x " << stripTile.channelBlocks
       << " blocks, interior " << interiorFirst << ".." << interiorEnd;
  if (channelsOuter)
    os << "; runs of channel blocks outermost";
  os << "; estimated " << llvm::format("%.0f", estimatedCycles)
     << " cycles, "
     << llvm::format("%.1f", 100.0 * peakCycles / estimatedCycles)
     << "% of peak";
}
