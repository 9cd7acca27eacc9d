// f32 multiplication, compared bit for bit (NaN, infinities, signed zeros and
// subnormals included).
// Reference: numpy's float32 multiplication (IEEE single precision).

// RUN: %python -c "import numpy as np; np.save('%t.a.npy', np.array([[1.5, -2.0, 3.0e38, 0.0], [np.inf, 1.0e-30, -0.0, 7.0]], dtype=np.float32)); np.save('%t.b.npy', np.array([[0.1, 3.25, 10.0, -1.0], [0.0, 1.0e-15, 5.0, np.nan]], dtype=np.float32))"
// RUN: qedge-run %s --entry=mul --input=%t.a.npy --input=%t.b.npy --output=%t.y.npy
// RUN: %python -c "import numpy as np; a = np.load('%t.a.npy'); b = np.load('%t.b.npy'); y = np.load('%t.y.npy'); assert y.dtype == np.float32 and y.shape == (2, 4); np.seterr(all='ignore'); assert np.array_equal(y.view(np.uint32), (a * b).view(np.uint32)), y; print('OK')" | FileCheck %s

// CHECK: OK

#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @mul(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %init = tensor.empty() : tensor<2x4xf32>
  %product = linalg.generic {indexing_maps = [#map, #map, #map],
                             iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<2x4xf32>, tensor<2x4xf32>)
      outs(%init : tensor<2x4xf32>) {
  ^bb0(%x: f32, %y: f32, %out: f32):
    %p = arith.mulf %x, %y : f32
    linalg.yield %p : f32
  } -> tensor<2x4xf32>
  return %product : tensor<2x4xf32>
}
