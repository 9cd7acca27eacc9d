// Two results, written to the --output files in result order; i16 wraps.
// Without --output the function only runs.
// Reference: numpy's int16 addition and subtraction.

// RUN: %python -c "import numpy as np; np.save('%t.a.npy', np.array([[32767, -32768], [100, -5]], dtype=np.int16)); np.save('%t.b.npy', np.array([[1, 1], [-300, 7]], dtype=np.int16))"
// RUN: qedge-run %s --entry=sum_and_difference --input=%t.a.npy --input=%t.b.npy --output=%t.sum.npy --output=%t.diff.npy
// RUN: %python -c "import numpy as np; a = np.load('%t.a.npy'); b = np.load('%t.b.npy'); s = np.load('%t.sum.npy'); d = np.load('%t.diff.npy'); assert s.dtype == d.dtype == np.int16; assert np.array_equal(s, a + b), s; assert np.array_equal(d, a - b), d; print('OK')" | FileCheck %s
// RUN: qedge-run %s --entry=sum_and_difference --input=%t.a.npy --input=%t.b.npy | count 0

// CHECK: OK

#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @sum_and_difference(%a: tensor<2x2xi16>, %b: tensor<2x2xi16>)
    -> (tensor<2x2xi16>, tensor<2x2xi16>) {
  %init = tensor.empty() : tensor<2x2xi16>
  %sum, %diff = linalg.generic {indexing_maps = [#map, #map, #map, #map],
                                iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<2x2xi16>, tensor<2x2xi16>)
      outs(%init, %init : tensor<2x2xi16>, tensor<2x2xi16>) {
  ^bb0(%x: i16, %y: i16, %o0: i16, %o1: i16):
    %s = arith.addi %x, %y : i16
    %d = arith.subi %x, %y : i16
    linalg.yield %s, %d : i16, i16
  } -> (tensor<2x2xi16>, tensor<2x2xi16>)
  return %sum, %diff : tensor<2x2xi16>, tensor<2x2xi16>
}
