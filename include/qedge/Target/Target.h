//===- Target.h - quant-edge code generation targets ------------*- C++ -*-===//
//
// Part of quant-edge.
//
// The one table of named targets: what the tools and pass options accept,
// what LLVM is told (triple, CPU, features) and what code generation needs to
// know to choose tiles and instructions (vector width, vector registers, the
// int8 dot-product instruction). Every list of targets in help texts and
// diagnostics is generated from it.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_TARGET_TARGET_H
#define QEDGE_TARGET_TARGET_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CodeGen.h"

#include <optional>
#include <string>

namespace mlir {
namespace qedge {

/// The instruction that multiplies and accumulates int8 values on a target,
/// from which the microkernels are built.
enum class Int8Dot {
  /// No int8 instruction worth a kernel: the generic lowering.
  none,
  /// AVX2 / AVX-512BW: u8 x s8 pairs (vpmaddubsw) or i16 pairs (vpmaddwd).
  pmadd,
  /// AVX-512 VNNI vpdpbusd: u8 x s8 groups of 4 into i32 lanes.
  vpdpbusd,
  /// NEON widening multiply-accumulate: smull / smlal2 / sadalp.
  smull,
  /// Armv8.2 dot product: sdot, s8 x s8 groups of 4 into i32 lanes.
  sdot,
  /// Armv8.6 int8 matrix multiply: smmla, 2x8 by 8x2 into a 2x2 i32 tile.
  smmla,
};

/// The spelling of `dot` in target attributes and messages (`vpdpbusd`).
llvm::StringRef stringifyInt8Dot(Int8Dot dot);
/// The instruction spelled `name`, or std::nullopt.
std::optional<Int8Dot> symbolizeInt8Dot(llvm::StringRef name);

/// What code generation needs of a target.
struct CodegenInfo {
  /// Width of one vector register in bits (128, 256, 512).
  unsigned vectorBits = 128;
  /// Number of architectural vector registers.
  unsigned vectorRegisters = 16;
  Int8Dot int8Dot = Int8Dot::none;
  /// For `smull`: the kernel may sum two byte products in i16 (smull +
  /// smlal2, then sadalp into i32), which the convolution planner sets where
  /// the constant weights prove that no pair overflows; otherwise each
  /// product is widened to i32 (smlal on i16 operands).
  bool pairSums = false;
};

/// A named target of the table.
struct TargetDescription {
  /// The name as users spell it: `x86-64-v3`, `aarch64+dotprod`.
  llvm::StringLiteral name;
  llvm::StringLiteral triple;
  llvm::StringLiteral cpu;
  /// LLVM target features beyond the CPU's, comma separated (`+avx512vnni`).
  llvm::StringLiteral features;
  /// One line for help texts.
  llvm::StringLiteral summary;
  /// The host CPU features (LLVM's names, comma separated) that code for this
  /// target needs: what `host` checks to find the best named target.
  llvm::StringLiteral hostFeatures;
  CodegenInfo codegen;
};

/// Every named target, in the order help texts list them.
llvm::ArrayRef<TargetDescription> getNamedTargets();

/// The named target called `name`, or null.
const TargetDescription *lookupNamedTarget(llvm::StringRef name);

/// A target resolved for compilation: a named target as the table gives it,
/// or `host`.
struct Target {
  /// The name as the user spelled it (`host` stays `host`).
  std::string name;
  std::string triple;
  std::string cpu;
  std::string features;
  CodegenInfo codegen;
};

/// Resolves `name` (a named target or `host`), or std::nullopt. `host` is the
/// best named target the machine running the compiler can run (its name
/// stays `host`); on an architecture without named targets, the host's own
/// triple, CPU and features with the generic code generation description.
std::optional<Target> lookupTarget(llvm::StringRef name);

/// Tunes `target` for `cpu` (`--mcpu`): the CPU LLVM schedules and selects
/// instructions for, and the tuning features quant-edge's kernels need on it
/// beyond LLVM's own for that CPU.
void setTargetCpu(Target &target, llvm::StringRef cpu);

/// The best named target that the host CPU runs, or null when the host's
/// architecture has none.
const TargetDescription *getBestNamedTargetForHost();

/// The names `lookupTarget` accepts, comma separated, `host` first (for
/// diagnostics).
std::string getTargetNames();

/// The names and summaries, one per line (for option help texts).
std::string getTargetHelp();

/// How hard LLVM optimizes generated code: the same for the JIT and for
/// qedge-compile, so that what qedge-run times is the code an object holds
/// (O3 and aggressive instruction selection doubled the compile time of a
/// whole network and did not change the kernels' inner loops).
constexpr unsigned kLLVMOptLevel = 2;
constexpr llvm::CodeGenOptLevel kCodeGenOptLevel =
    llvm::CodeGenOptLevel::Default;

} // namespace qedge
} // namespace mlir

#endif // QEDGE_TARGET_TARGET_H
