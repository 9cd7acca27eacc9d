//===- ExecutableTarget.cpp - Targets this process can execute ------------===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#include "qedge/ExecutionEngine/ExecutableTarget.h"

#include "qedge/Tools/ToolSupport.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <string>
#include <vector>

using namespace mlir;
using namespace mlir::qedge;
using mlir::qedge::tools::makeError;

/// Creates the target machine for `target`, or fails when the host cannot
/// execute its code.
static llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createExecutableTargetMachine(const Target &target) {
  llvm::Triple triple(target.triple);
  llvm::Triple hostTriple(llvm::sys::getProcessTriple());
  if (triple.getArch() != hostTriple.getArch())
    return makeError("cannot execute code for target '" + target.name + "' (" +
                     triple.str() + ") on this " + hostTriple.getArchName() +
                     " host");

  // Only the host's backend can be needed; registering it twice is harmless.
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();

  llvm::orc::JITTargetMachineBuilder builder(triple);
  builder.setCPU(target.cpu);
  llvm::SmallVector<llvm::StringRef> features;
  llvm::StringRef(target.features)
      .split(features, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  builder.addFeatures(
      std::vector<std::string>(features.begin(), features.end()));
  builder.setCodeGenOptLevel(kCodeGenOptLevel);
  auto machine = builder.createTargetMachine();
  if (!machine)
    return machine.takeError();

  // Compare the features the target's CPU and feature string enable with the
  // host's. Tuning flags are not host features and are not compared.
  llvm::StringMap<bool> host = llvm::sys::getHostCPUFeatures();
  const llvm::MCSubtargetInfo *info = (*machine)->getMCSubtargetInfo();
  llvm::SmallVector<llvm::StringRef> missing;
  for (const llvm::SubtargetFeatureKV &feature :
       info->getAllProcessorFeatures()) {
    if (!info->getFeatureBits().test(feature.Value))
      continue;
    auto it = host.find(feature.Key);
    if (it != host.end() && !it->second)
      missing.push_back(feature.Key);
  }
  if (!missing.empty())
    return makeError("cannot execute code for target '" + target.name +
                     "' on this host: it lacks " + llvm::join(missing, ", "));
  return machine;
}

llvm::Expected<ExecutableTarget>
qedge::lookupExecutableTarget(llvm::StringRef name) {
  std::optional<Target> target = lookupTarget(name);
  if (!target)
    return makeError("unknown target '" + name +
                     "'; expected one of: " + getTargetNames());
  auto machine = createExecutableTargetMachine(*target);
  if (!machine)
    return machine.takeError();
  return ExecutableTarget{std::move(*target), std::move(*machine)};
}
