# -*- Python -*-
# Runs every GoogleTest binary under test/Unit of the build tree.

import os
import sys

import lit.formats

config.name = "QEDGE-Unit"
config.suffixes = []
config.test_exec_root = os.path.join(config.qedge_obj_root, "test", "Unit")
config.test_source_root = config.test_exec_root
config.test_format = lit.formats.GoogleTest(".", "Tests")

# Tests that need data files or an independent reference find them here.
config.environment["QEDGE_SOURCE_DIR"] = config.qedge_src_root
config.environment["QEDGE_PYTHON"] = config.python_executable

# A sanitized build: any sanitizer report fails the test.
if config.qedge_sanitizers:
    sys.path.insert(0, os.path.join(config.qedge_src_root, "test"))
    import sanitizers

    sanitizers.configure(config)
