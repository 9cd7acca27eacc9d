// Memref arguments and results pass like tensors.
// Reference: numpy's float32 negation.

// RUN: %python -c "import numpy as np; np.save('%t.a.npy', np.array([[1.5, -0.0], [3.0e-40, -np.inf]], dtype=np.float32))"
// RUN: qedge-run %s --entry=negate --input=%t.a.npy --output=%t.y.npy
// RUN: %python -c "import numpy as np; a = np.load('%t.a.npy'); y = np.load('%t.y.npy'); assert y.dtype == np.float32 and y.shape == (2, 2); assert np.array_equal(y.view(np.uint32), (-a).view(np.uint32)), y; print('OK')" | FileCheck %s

// CHECK: OK

#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @negate(%a: memref<2x2xf32>) -> memref<2x2xf32> {
  %r = memref.alloc() : memref<2x2xf32>
  linalg.generic {indexing_maps = [#map, #map],
                  iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<2x2xf32>) outs(%r : memref<2x2xf32>) {
  ^bb0(%x: f32, %out: f32):
    %n = arith.negf %x : f32
    linalg.yield %n : f32
  }
  return %r : memref<2x2xf32>
}
