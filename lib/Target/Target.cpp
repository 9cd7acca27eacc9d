//===- Target.cpp - quant-edge code generation targets --------------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Target/Target.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;
using namespace mlir::qedge;

static constexpr llvm::StringLiteral kX86Triple = "x86_64-unknown-linux-gnu";
static constexpr llvm::StringLiteral kAArch64Triple =
    "aarch64-unknown-linux-gnu";

// `-march=x86-64-v4` alone does not enable VNNI; the +vnni target adds it.
// AVX-512 targets use 32 zmm registers; AVX2 16 ymm; NEON 32 q registers.
static constexpr TargetDescription kTargets[] = {
    {"x86-64",
     kX86Triple,
     "x86-64",
     "",
     "x86-64 baseline (SSE2)",
     "",
     {128, 16, Int8Dot::none}},
    {"x86-64-v3",
     kX86Triple,
     "x86-64-v3",
     "",
     "AVX2, FMA, BMI2",
     "avx2,fma,bmi2",
     {256, 16, Int8Dot::pmadd}},
    {"x86-64-v4",
     kX86Triple,
     "x86-64-v4",
     "",
     "AVX-512 F/BW/DQ/VL",
     "avx2,fma,bmi2,avx512f,avx512bw,avx512dq,avx512vl",
     {512, 32, Int8Dot::pmadd}},
    {"x86-64-v4+vnni",
     kX86Triple,
     "x86-64-v4",
     "+avx512vnni",
     "AVX-512 with VNNI (vpdpbusd)",
     "avx2,fma,bmi2,avx512f,avx512bw,avx512dq,avx512vl,avx512vnni",
     {512, 32, Int8Dot::vpdpbusd}},
    {"aarch64",
     kAArch64Triple,
     "generic",
     "+neon",
     "Armv8-A with NEON",
     "neon",
     {128, 32, Int8Dot::smull}},
    {"aarch64+dotprod",
     kAArch64Triple,
     "generic",
     "+neon,+dotprod",
     "NEON with the dot product (sdot)",
     "neon,dotprod",
     {128, 32, Int8Dot::sdot}},
    {"aarch64+i8mm",
     kAArch64Triple,
     "generic",
     "+neon,+dotprod,+i8mm",
     "NEON with int8 matrix multiply (smmla)",
     "neon,dotprod,i8mm",
     {128, 32, Int8Dot::smmla}},
};

static constexpr std::pair<Int8Dot, llvm::StringLiteral> kInt8DotNames[] = {
    {Int8Dot::none, "none"},         {Int8Dot::pmadd, "pmadd"},
    {Int8Dot::vpdpbusd, "vpdpbusd"}, {Int8Dot::smull, "smull"},
    {Int8Dot::sdot, "sdot"},         {Int8Dot::smmla, "smmla"},
};

llvm::StringRef mlir::qedge::stringifyInt8Dot(Int8Dot dot) {
  for (const auto &[value, name] : kInt8DotNames)
    if (value == dot)
      return name;
  return "none";
}

std::optional<Int8Dot> mlir::qedge::symbolizeInt8Dot(llvm::StringRef name) {
  for (const auto &[value, spelling] : kInt8DotNames)
    if (spelling == name)
      return value;
  return std::nullopt;
}

llvm::ArrayRef<TargetDescription> mlir::qedge::getNamedTargets() {
  return kTargets;
}

const TargetDescription *mlir::qedge::lookupNamedTarget(llvm::StringRef name) {
  for (const TargetDescription &target : kTargets)
    if (target.name == name)
      return &target;
  return nullptr;
}

const TargetDescription *mlir::qedge::getBestNamedTargetForHost() {
  llvm::Triple host(llvm::sys::getProcessTriple());
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  const TargetDescription *best = nullptr;
  // The table lists each architecture's targets from the least to the most
  // capable, so the last one the host runs is the best.
  for (const TargetDescription &target : kTargets) {
    if (llvm::Triple(target.triple).getArch() != host.getArch())
      continue;
    llvm::SmallVector<llvm::StringRef> needed;
    target.hostFeatures.split(needed, ',', /*MaxSplit=*/-1,
                              /*KeepEmpty=*/false);
    if (llvm::all_of(needed, [&](llvm::StringRef feature) {
          return features.lookup(feature);
        }))
      best = &target;
  }
  return best;
}

std::optional<Target> mlir::qedge::lookupTarget(llvm::StringRef name) {
  if (name == "host") {
    // The best named target the host runs, so that a program compiled for
    // `host` is the same code on every machine with the same features.
    if (const TargetDescription *best = getBestNamedTargetForHost())
      return Target{"host", best->triple.str(), best->cpu.str(),
                    best->features.str(), best->codegen};
    // An architecture without named targets: the host as LLVM sees it.
    std::string features;
    for (const auto &feature : llvm::sys::getHostCPUFeatures()) {
      if (!features.empty())
        features += ',';
      features += (feature.second ? "+" : "-") + feature.first().str();
    }
    return Target{"host", llvm::sys::getProcessTriple(),
                  llvm::sys::getHostCPUName().str(), features, CodegenInfo()};
  }
  if (const TargetDescription *target = lookupNamedTarget(name))
    return Target{target->name.str(), target->triple.str(),
                  target->cpu.str(), target->features.str(), target->codegen};
  return std::nullopt;
}

void mlir::qedge::setTargetCpu(Target &target, llvm::StringRef cpu) {
  target.cpu = cpu.str();
  // The in-order Cortex-A55 loads a Q register pair in six cycles where two
  // single loads take two (its scheduling model; the core reads 64 bits per
  // cycle and issues nothing beside a 128-bit load), yet LLVM pairs the
  // kernels' adjacent weight loads for it: the sdot loop then runs at 74% of
  // its bound, and at 80% without the pairs.
  if (llvm::Triple(target.triple).isAArch64() && cpu == "cortex-a55")
    target.features += target.features.empty() ? "+slow-paired-128"
                                               : ",+slow-paired-128";
}

std::string mlir::qedge::getTargetNames() {
  std::string names = "host";
  for (const TargetDescription &target : kTargets)
    names += ", " + target.name.str();
  return names;
}

std::string mlir::qedge::getTargetHelp() {
  std::string help;
  llvm::raw_string_ostream os(help);
  os << "Target to generate code for: host (the machine running the "
        "compiler)";
  for (const TargetDescription &target : kTargets)
    os << ", " << target.name << " (" << target.summary << ")";
  return help;
}
