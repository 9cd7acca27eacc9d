// --benchmark=N: one warm-up call, then N timed calls; the median and the
// minimum time per call go to stdout, and the outputs of the last call are
// written as usual.
// Reference for the output: numpy's int32 addition.

// RUN: %python -c "import numpy as np; np.save('%t.a.npy', np.arange(64, dtype=np.int32).reshape(8, 8))"
// RUN: qedge-run %s --entry=double --input=%t.a.npy --output=%t.y.npy --benchmark=5 > %t.out
// RUN: FileCheck %s --input-file=%t.out --implicit-check-not='{{.}}'
// RUN: %python -c "import re; import numpy as np; m = re.search(r'median (\S+) us, min (\S+) us', open('%t.out').read()); assert float(m.group(2)) <= float(m.group(1)), m.group(0); a = np.load('%t.a.npy'); y = np.load('%t.y.npy'); assert np.array_equal(y, a + a), y; print('OK')" | FileCheck %s --check-prefix=VALUES
// RUN: qedge-run %s --entry=double --input=%t.a.npy --benchmark=1 | FileCheck %s --check-prefix=ONE

// The entry never writes its inputs: every timed call sees the same input, so
// an entry whose bufferization could reuse the input's buffer still returns
// a + a after the warm-up and three timed calls.
// RUN: qedge-run %s --entry=double_elementwise --input=%t.a.npy --output=%t.e.npy --benchmark=3 > /dev/null
// RUN: %python -c "import numpy as np; a = np.load('%t.a.npy'); e = np.load('%t.e.npy'); assert np.array_equal(e, a + a), e; print('OK')" | FileCheck %s --check-prefix=VALUES

// CHECK: qedge-run: double: median {{[0-9]+\.[0-9][0-9][0-9]}} us, min {{[0-9]+\.[0-9][0-9][0-9]}} us over 5 calls
// VALUES: OK
// ONE: qedge-run: double: median {{[0-9]+\.[0-9][0-9][0-9]}} us, min {{[0-9]+\.[0-9][0-9][0-9]}} us over 1 call

#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @double(%a: tensor<8x8xi32>) -> tensor<8x8xi32> {
  %init = tensor.empty() : tensor<8x8xi32>
  %r = linalg.generic {indexing_maps = [#map, #map],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<8x8xi32>) outs(%init : tensor<8x8xi32>) {
  ^bb0(%x: i32, %out: i32):
    %d = arith.addi %x, %x : i32
    linalg.yield %d : i32
  } -> tensor<8x8xi32>
  return %r : tensor<8x8xi32>
}

func.func @double_elementwise(%a: tensor<8x8xi32>) -> tensor<8x8xi32> {
  %d = arith.addi %a, %a : tensor<8x8xi32>
  return %d : tensor<8x8xi32>
}
