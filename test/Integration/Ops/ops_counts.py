"""How many cases and output elements each group of run_ops.py compares:
group -> (cases, {mode: (outputs, elements)}).

After each group, run_ops.py compares what it ran and compared with the
group's entry here (execution.check_counts, whose messages name the shared
table, expected_counts.py) and fails, naming the group, when they differ: a
group that loses or gains a case, or whose outputs change shape, fails every
test that runs it until this table changes with it.
"""


def _modes(outputs: int, elements: int) -> dict[str, tuple[int, int]]:
    """The same count in each of the three rounding modes."""
    return {mode: (outputs, elements)
            for mode in ("gemmlowp", "rndnu", "fp32")}


OPS = {
    "add": (19, _modes(19, 2128)),
    "blocks": (3, _modes(3, 1532)),
    "clamp": (6, _modes(6, 345)),
    "concat": (6, _modes(6, 360)),
    "data-movement": (11, {"stored": (11, 1153)}),
    "fully-connected": (9, {"gemmlowp": (9, 1177), "rndnu": (9, 1177),
                            "fp32": (8, 1171)}),
    "global-avg-pool": (11, _modes(11, 99)),
    "matmul": (10, {"gemmlowp": (10, 329), "rndnu": (10, 329),
                    "fp32": (9, 323)}),
    "mul": (13, _modes(13, 2247)),
    "pooling": (18, {"gemmlowp": (15, 927), "rndnu": (15, 927),
                     "fp32": (18, 1077)}),
    "sub": (5, _modes(5, 728)),
    "table": (8, _modes(8, 2560)),
}
