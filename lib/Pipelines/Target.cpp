//===- Target.cpp - Named code generation targets -------------------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/Pipelines/Pipelines.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

using namespace mlir;
using namespace mlir::qedge;

namespace {
struct NamedTarget {
  llvm::StringLiteral name, triple, cpu, features;
};
} // namespace

// `-march=x86-64-v4` alone does not enable VNNI; the +vnni target adds it.
static constexpr NamedTarget kTargets[] = {
    {"x86-64", "x86_64-unknown-linux-gnu", "x86-64", ""},
    {"x86-64-v3", "x86_64-unknown-linux-gnu", "x86-64-v3", ""},
    {"x86-64-v4", "x86_64-unknown-linux-gnu", "x86-64-v4", ""},
    {"x86-64-v4+vnni", "x86_64-unknown-linux-gnu", "x86-64-v4",
     "+avx512vnni"},
    {"aarch64", "aarch64-unknown-linux-gnu", "generic", "+neon"},
    {"aarch64+dotprod", "aarch64-unknown-linux-gnu", "generic",
     "+neon,+dotprod"},
    {"aarch64+i8mm", "aarch64-unknown-linux-gnu", "generic",
     "+neon,+dotprod,+i8mm"},
};

std::optional<Target> mlir::qedge::lookupTarget(llvm::StringRef name) {
  if (name == "host") {
    std::string features;
    for (const auto &feature : llvm::sys::getHostCPUFeatures()) {
      if (!features.empty())
        features += ',';
      features += (feature.second ? "+" : "-") + feature.first().str();
    }
    return Target{"host", llvm::sys::getProcessTriple(),
                  llvm::sys::getHostCPUName().str(), features};
  }
  for (const NamedTarget &target : kTargets)
    if (target.name == name)
      return Target{target.name.str(), target.triple.str(), target.cpu.str(),
                    target.features.str()};
  return std::nullopt;
}

llvm::StringRef mlir::qedge::getTargetNames() {
  return "host, x86-64, x86-64-v3, x86-64-v4, x86-64-v4+vnni, aarch64, "
         "aarch64+dotprod, aarch64+i8mm";
}
