"""Input and comparison for small-cnn.test.

`input STEM`: writes STEM.npy and STEM.raw, the same float32 image
[1, 16, 16, 3] in [-1, 1] (fixed seed). `compare A.npy B.raw [C.npy ...]`:
compares the float32 results byte for byte and prints how many are equal.
"""

import sys

import numpy as np


def main() -> int:
    if sys.argv[1] == "input":
        x = np.random.default_rng(16).uniform(-1, 1, (1, 16, 16, 3))
        x = x.astype(np.float32)
        np.save(sys.argv[2] + ".npy", x)
        x.tofile(sys.argv[2] + ".raw")
        return 0
    first = np.load(sys.argv[2])
    assert first.dtype == np.float32 and first.shape == (1, 10), first.shape
    for other in sys.argv[3:]:
        y = (np.fromfile(other, np.float32) if other.endswith(".raw")
             else np.load(other)).reshape(first.shape)
        equal = int(np.sum(first.view(np.int32) == y.view(np.int32)))
        if equal != first.size:
            print(f"{other}: {first.size - equal} of {first.size} differ:\n"
                  f"{first}\n{y}")
            return 1
    print(f"{first.size} of {first.size} outputs equal, "
          f"{len(np.unique(first))} distinct values")
    return 0


if __name__ == "__main__":
    sys.exit(main())
