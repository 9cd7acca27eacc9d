# Install rules shared by the quant-edge libraries and tools.
#
# Everything another project links or runs goes into one export set,
# QEdgeTargets, which cmake/CMakeLists.txt installs with the package
# configuration (find_package(QEdge)). add_mlir_library also puts its
# libraries into MLIR's own export set, MLIRTargets, as CIRCT's libraries are;
# this project never installs that one.

include_guard(GLOBAL)

set(QEDGE_INSTALL_LIBDIR "lib${LLVM_LIBDIR_SUFFIX}")
set(QEDGE_INSTALL_PACKAGE_DIR "${QEDGE_INSTALL_LIBDIR}/cmake/qedge")
# qedge-compile looks for the runtime it links standalone executables with in
# <bindir>/../lib/qedge-runtime, as in the build tree.
set(QEDGE_INSTALL_RUNTIME_DIR "lib/qedge-runtime")

# The installed tools and the plugin load the shared libMLIR.so / libLLVM.so of
# the LLVM they were built with, which is not on the loader's default path in
# a distribution install (Debian's /usr/lib/llvm-22/lib).
# llvm_setup_rpath gave the build tree exactly these two entries; linking with
# the install RPATH keeps its RUNPATH as it was, where CMake would otherwise pad
# it with an empty entry (the working directory) to make room for the rewrite
# at install time.
function(qedge_add_llvm_install_rpath name)
  set_property(TARGET ${name} APPEND PROPERTY INSTALL_RPATH
    "${LLVM_LIBRARY_DIR}")
  set_property(TARGET ${name} PROPERTY BUILD_WITH_INSTALL_RPATH ON)
endfunction()

# Installs the static library `name` into lib/ and exports it. Headers are
# installed once for the whole tree (include/CMakeLists.txt); the exported
# target carries the include directory.
function(add_qedge_library_install name)
  install(TARGETS ${name}
    EXPORT QEdgeTargets
    ARCHIVE DESTINATION "${QEDGE_INSTALL_LIBDIR}"
    LIBRARY DESTINATION "${QEDGE_INSTALL_LIBDIR}"
    INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
  )
  # Whatever links a sanitized library needs the sanitizer runtimes too.
  if(QEDGE_ENABLE_SANITIZERS)
    target_link_options(${name} INTERFACE -fsanitize=address,undefined)
  endif()
  set_property(GLOBAL APPEND PROPERTY QEDGE_EXPORTS ${name})
endfunction()

# Installs the tool `name` into bin/ and exports it, so that a consumer's
# tests can name it as $<TARGET_FILE:name>.
function(add_qedge_tool_install name)
  qedge_add_llvm_install_rpath(${name})
  install(TARGETS ${name}
    EXPORT QEdgeTargets
    RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
  )
  set_property(GLOBAL APPEND PROPERTY QEDGE_EXPORTS ${name})
endfunction()

# Installs the loadable module `name` (a plugin for upstream tools) into lib/
# and exports it.
function(add_qedge_plugin_install name)
  qedge_add_llvm_install_rpath(${name})
  install(TARGETS ${name}
    EXPORT QEdgeTargets
    LIBRARY DESTINATION "${QEDGE_INSTALL_LIBDIR}"
  )
  set_property(GLOBAL APPEND PROPERTY QEDGE_EXPORTS ${name})
endfunction()
