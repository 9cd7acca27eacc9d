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
// Loop control and address updates of one reduction step, which the core
// overlaps with the dot products only partly.
constexpr double kCyclesPerStep = 0.5;
} // namespace

static int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

int64_t mlir::qedge::getExtraRegisters(const ConvTile &tile,
                                       const MicrokernelShape &kernel) {
  if (kernel.pixelsPerDot == 2)
    return tile.pixels / 2 + 2 * tile.channelBlocks;
  if (kernel.groupsPerInputLoad == 1)
    return tile.channelBlocks + 1;
  // Each pixel's input stays in a register across the steps its load
  // serves; two more hold the weights of the next step, loaded while this
  // one multiplies (with fewer spare, LLVM spills or shuffles accumulators).
  return tile.channelBlocks + tile.pixels + 2;
}

llvm::Expected<MicrokernelShape>
mlir::qedge::getMicrokernelShape(const CodegenInfo &info) {
  switch (info.int8Dot) {
  case Int8Dot::vpdpbusd:
    // One 512-bit vpdpbusd per cycle; two vector loads per cycle.
    return MicrokernelShape{info.vectorBits / 32, 4, 1.0, 2.0};
  case Int8Dot::pmadd:
    // i16 pairs: two vpmaddwd per cycle up to 256 bits, one at 512.
    return MicrokernelShape{info.vectorBits / 32, 2,
                            info.vectorBits > 256 ? 1.0 : 2.0, 2.0};
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
  double stepCycles = std::max(m * n / kernel.dotsPerCycle,
                               loads / kernel.loadsPerCycle);
  if (kernel.dispatchPerCycle > 0)
    stepCycles = std::max(stepCycles, (m * n + loads * kernel.uopsPerLoad) /
                                          kernel.dispatchPerCycle);
  stepCycles += kCyclesPerStep;
  // The last tile of a row and of the channels overlaps the one before it
  // rather than running a smaller kernel: its extra work is counted here.
  double tiles = static_cast<double>(shape.batch * shape.outputH *
                                     ceilDiv(shape.outputW, tile.pixels) *
                                     ceilDiv(blocks, tile.channelBlocks));
  return tiles * (steps * stepCycles + m * n * kEpilogueCyclesPerVector +
                  kCyclesPerTile);
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
  auto fits = [&](const ConvTile &tile) {
    return tile.pixels * tile.channelBlocks +
               getExtraRegisters(tile, *kernel) <=
           registers;
  };

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
  for (int64_t m = 1; m <= shape.outputW; ++m) {
    if ((forced.pixels && m != forced.pixels) || m % kernel->pixelsPerDot)
      continue;
    for (int64_t n = 1; n <= schedule.outputBlocks; ++n) {
      if (forced.channelBlocks && n != forced.channelBlocks)
        continue;
      ConvTile tile{m, n};
      if (!fits(tile))
        continue;
      double cycles = estimateCycles(shape, *kernel, schedule.outputBlocks,
                                     schedule.rowSteps, tile);
      // At equal cost, the tile with fewer loads: fewer instructions issue.
      if (schedule.tile.pixels == 0 || cycles < best ||
          (cycles == best && getStepLoads(*kernel, tile) <
                                 getStepLoads(*kernel, schedule.tile))) {
        best = cycles;
        schedule.tile = tile;
      }
    }
  }
  if (schedule.tile.pixels == 0)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "tile of " + llvm::Twine(forced.pixels) + " pixels x " +
            llvm::Twine(forced.channelBlocks) + " channel blocks needs " +
            llvm::Twine(forced.pixels * forced.channelBlocks +
                        getExtraRegisters(forced, *kernel)) +
            " vector registers; the target has " + llvm::Twine(registers));
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
  os << "; estimated " << llvm::format("%.0f", estimatedCycles)
     << " cycles, "
     << llvm::format("%.1f", 100.0 * peakCycles / estimatedCycles)
     << "% of peak";
}
