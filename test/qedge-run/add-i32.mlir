// Elementwise i32 addition of two 2x3 tensors, wrapping on overflow.
// Reference: numpy's int32 addition (which wraps as well).

// RUN: %python -c "import numpy as np; np.save('%t.a.npy', np.arange(6, dtype=np.int32).reshape(2, 3)); np.save('%t.b.npy', np.array([[10, -20, 30], [2**31 - 1, -2**31, -6]], dtype=np.int32))"
// RUN: qedge-run %s --entry=add --input=%t.a.npy --input=%t.b.npy --output=%t.y.npy
// RUN: %python -c "import numpy as np; a = np.load('%t.a.npy'); b = np.load('%t.b.npy'); y = np.load('%t.y.npy'); assert y.dtype == np.int32 and y.shape == (2, 3), (y.dtype, y.shape); assert np.array_equal(y, a + b), y; print('OK')" | FileCheck %s

// CHECK: OK

#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @add(%a: tensor<2x3xi32>, %b: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %init = tensor.empty() : tensor<2x3xi32>
  %sum = linalg.generic {indexing_maps = [#map, #map, #map],
                         iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<2x3xi32>, tensor<2x3xi32>)
      outs(%init : tensor<2x3xi32>) {
  ^bb0(%x: i32, %y: i32, %out: i32):
    %s = arith.addi %x, %y : i32
    linalg.yield %s : i32
  } -> tensor<2x3xi32>
  return %sum : tensor<2x3xi32>
}
