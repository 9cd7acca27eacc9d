"""How many cases and output elements each group of the execution tests
compares: one table for every test that runs the groups.

The per-group tests (IntConv2D/, Rescale/, Quantized/*.test) and the
per-target tests (Targets/, AArch64/, Quantized/Targets/,
Quantized/AArch64/) check these numbers through the runners: after each
group, run_cases.py and Quantized/run_quantized.py compare what they ran and
compared with the group's entry here (execution.check_counts) and fail,
naming the group, when they differ. So a group that loses or gains a case,
or whose outputs change shape, fails every test that runs it until this
table is changed with it. The totals printed for a target are sums over the
groups it runs.
"""

# run_cases.py: group -> {mode: (cases, elements)}; the mode of a case
# without a rescale is "accumulator".
INTEGER = {
    "conv-basic": {"accumulator": (9, 10078)},
    "conv-filter-zero-point": {"accumulator": (10, 1794)},
    "conv-groups-depthwise": {"accumulator": (9, 6662)},
    "conv-int16-i64-accumulation": {"accumulator": (8, 1584)},
    "conv-rescale": {"fp32": (6, 7192), "gemmlowp": (7, 6456),
                     "rndnu": (7, 6456)},
    "conv-stride-padding-dilation": {"accumulator": (9, 1429)},
    "conv-zero-point-extremes": {"accumulator": (9, 1127)},
    "rescale-fp32": {"fp32": (14, 3565)},
    "rescale-fp32-wide-bounds": {"fp32": (3, 33)},
    "rescale-gemmlowp": {"gemmlowp": (13, 9453)},
    "rescale-int64-input": {"gemmlowp": (6, 2338), "rndnu": (6, 2338)},
    "rescale-rndnu": {"rndnu": (13, 9453)},
    "rescale-saturation": {"fp32": (11, 1935), "gemmlowp": (13, 2184),
                           "rndnu": (13, 2184)},
    "rescale-ties": {"fp32": (4, 572), "gemmlowp": (5, 850),
                     "rndnu": (5, 850)},
}


def _modes(outputs: int, elements: int) -> dict[str, tuple[int, int]]:
    """The same count in each of the three rounding modes."""
    return {mode: (outputs, elements)
            for mode in ("gemmlowp", "rndnu", "fp32")}


# Quantized/run_quantized.py: group -> (cases, {output: (outputs,
# elements)}), an output being a rounding mode's result or "quantize" (a
# quantized f32 input or weights, returned and compared).
QUANTIZED = {
    "basic": (8, _modes(8, 2141)),
    "disagreement": (12, _modes(12, 196608)),
    "disagreement-16": (4, _modes(4, 32768)),
    "geometry": (13, _modes(13, 1653)),
    "groups": (8, _modes(8, 2101)),
    "kernels": (8, _modes(8, 37700)),
    "int16": (10, {"gemmlowp": (10, 935), "rndnu": (10, 935),
                   "fp32": (4, 460)}),
    "multipliers": (3, _modes(3, 952)),
    "nbit": (10, _modes(10, 1552)),
    "quantize": (12, {**_modes(12, 1000), "quantize": (12, 832)}),
    "qnnpack": (10, {"fp32": (7, 9600), "qnnpack": (10, 9825),
                     "quantize": (3, 150)}),
    "saturation": (14, _modes(14, 1928)),
    "ties": (8, _modes(8, 2101)),
    "weight-zero-points": (8, _modes(8, 1218)),
    "zero-points": (10, _modes(10, 1472)),
}
