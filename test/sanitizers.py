"""The lit environment of a sanitized build (QEDGE_ENABLE_SANITIZERS), shared
by the regression tests and the unit tests."""

import os


def _set_options(config, name, options):
    # Options the user sets come last and win.
    user = os.environ.get(name)
    config.environment[name] = ":".join(options + ([user] if user else []))


def configure(config):
    """Adds the lit feature `sanitizers` and makes any AddressSanitizer,
    LeakSanitizer or UndefinedBehaviorSanitizer report fail the test."""
    config.available_features.add("sanitizers")
    # LLVM's inline BumpPtrAllocator code poisons a new slab and unpoisons
    # each allocation when compiled with AddressSanitizer, as quant-edge's code
    # is; the uninstrumented libMLIR.so allocates from the same allocators
    # (the context's) without unpoisoning, which reads as use-after-poison.
    # Only LLVM's allocators poison memory by hand, so that is turned off.
    _set_options(config, "ASAN_OPTIONS", [
        "allow_user_poisoning=0",
        "halt_on_error=1",
        "detect_leaks=1",
        "detect_stack_use_after_return=1",
        "check_initialization_order=1",
        "strict_init_order=1",
    ])
    _set_options(config, "UBSAN_OPTIONS",
                 ["halt_on_error=1", "print_stacktrace=1"])
