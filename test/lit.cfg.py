# -*- Python -*-

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "QEDGE"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.qedge_obj_root, "test")

# Unit tests have a configuration of their own (GoogleTest format).
config.excludes = ["Unit", "lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%shlibext", config.llvm_shlib_ext))
config.substitutions.append(("%qedge_src_root", config.qedge_src_root))
config.substitutions.append(("%qedge_obj_root", config.qedge_obj_root))
config.substitutions.append(("%qedge_lib_dir", config.qedge_lib_dir))
config.substitutions.append(("%python", config.python_executable))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()
# FileCheck, not and count live in the LLVM tools directory, which is not on
# PATH in a distribution install.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.qedge_tools_dir, append_path=True)

tool_dirs = [config.qedge_tools_dir, config.llvm_tools_dir]
tools = [
    "qedge-opt",
    "qedge-run",
    ToolSubst("mlir-opt", unresolved="fatal"),
    ToolSubst(
        "%qedge_plugin",
        os.path.join(config.qedge_lib_dir, "QEdgePlugin" + config.llvm_shlib_ext),
        unresolved="ignore",
    ),
]
llvm_config.add_tool_substitutions(tools, tool_dirs)
