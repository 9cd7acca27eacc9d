# -*- Python -*-

import os
import sys

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "QEDGE"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.qedge_obj_root, "test")

# Unit tests have a configuration of their own (GoogleTest format).
config.excludes = ["Unit", "Inputs", "lit.cfg.py", "lit.site.cfg.py",
                   "CMakeLists.txt", "symbol-prefix.test.c"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%shlibext", config.llvm_shlib_ext))
config.substitutions.append(("%qedge_src_root", config.qedge_src_root))
config.substitutions.append(("%qedge_obj_root", config.qedge_obj_root))
config.substitutions.append(("%qedge_lib_dir", config.qedge_lib_dir))
config.substitutions.append(("%python", config.python_executable))
config.substitutions.append(("%llvm_tools_dir", config.llvm_tools_dir))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()
# FileCheck, not and count live in the LLVM tools directory, which is not on
# PATH in a distribution install.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.qedge_tools_dir, append_path=True)

# A sanitized build: any sanitizer report fails the test (sanitizers.py).
if config.qedge_sanitizers:
    sys.path.insert(0, os.path.dirname(__file__))
    import sanitizers

    sanitizers.configure(config)

# Upstream mlir-opt is not instrumented; with the sanitizer runtime preloaded,
# it loads the sanitized plugin.
mlir_opt = ToolSubst("mlir-opt", unresolved="fatal")
if config.qedge_sanitizers and config.qedge_asan_runtime:
    mlir_opt = ToolSubst(
        "mlir-opt",
        command="env",
        extra_args=["LD_PRELOAD=" + config.qedge_asan_runtime,
                    os.path.join(config.llvm_tools_dir, "mlir-opt")])

tool_dirs = [config.qedge_tools_dir, config.llvm_tools_dir]
tools = [
    "qedge-opt",
    "qedge-run",
    "qedge-calibrate",
    "qedge-compile",
    mlir_opt,
    ToolSubst("llvm-nm", unresolved="fatal"),
    ToolSubst("%clang", command=os.path.join(config.llvm_tools_dir, "clang"),
              unresolved="fatal"),
    ToolSubst(
        "%qedge_plugin",
        os.path.join(config.qedge_lib_dir, "QEdgePlugin" + config.llvm_shlib_ext),
        unresolved="ignore",
    ),
]
llvm_config.add_tool_substitutions(tools, tool_dirs)

# Targets the host can execute natively, as lit features (REQUIRES: ...), so
# that tests for the others say they were skipped.
import platform
import shutil


def host_cpu_flags():
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


if platform.machine() == "x86_64":
    flags = host_cpu_flags()
    config.available_features.add("host-x86-64")
    v3 = {"avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "movbe", "xsave"}
    v4 = v3 | {"avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"}
    if v3 <= flags:
        config.available_features.add("host-x86-64-v3")
    if v4 <= flags:
        config.available_features.add("host-x86-64-v4")
    if v4 | {"avx512_vnni"} <= flags:
        config.available_features.add("host-x86-64-v4-vnni")
elif platform.machine() == "aarch64":
    config.available_features.add("host-aarch64")

# AArch64 executables run under qemu (Debian's qemu-user) with the C library
# of gcc-12-aarch64-linux-gnu.
qemu = shutil.which("qemu-aarch64")
aarch64_sysroot = "/usr/aarch64-linux-gnu"
if qemu and os.path.isdir(aarch64_sysroot):
    config.available_features.add("qemu-aarch64")
    config.substitutions.append(
        ("%qemu-aarch64", f"{qemu} -cpu max -L {aarch64_sysroot}"))

# ONNX's conformance test data (Debian's libonnx-testdata), read by the
# onnx Python package of %python.
if os.path.isdir("/usr/share/libonnx-testdata/data/node"):
    config.available_features.add("onnx-testdata")
