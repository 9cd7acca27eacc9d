// i8 + i8 widened to i32 (arith.extsi). Integer storage is signless, so an
// i8 argument takes an int8 or a uint8 .npy file; the bits are the same and
// the function reads them as signed, as its extsi says.
// Reference: numpy, reinterpreting the uint8 input as int8 (view).

// RUN: %python -c "import numpy as np; np.save('%t.a.npy', np.array([-128, 127, -1, 5, 0, 100], dtype=np.int8)); np.save('%t.b.npy', np.array([255, 255, 128, 0, 127, 27], dtype=np.uint8))"
// RUN: qedge-run %s --entry=add_widen --input=%t.a.npy --input=%t.b.npy --output=%t.y.npy
// RUN: %python -c "import numpy as np; a = np.load('%t.a.npy'); b = np.load('%t.b.npy'); y = np.load('%t.y.npy'); assert y.dtype == np.int32 and y.shape == (6,); assert np.array_equal(y, a.astype(np.int32) + b.view(np.int8).astype(np.int32)), y; print('OK')" | FileCheck %s

// CHECK: OK

#map = affine_map<(d0) -> (d0)>
func.func @add_widen(%a: tensor<6xi8>, %b: tensor<6xi8>) -> tensor<6xi32> {
  %init = tensor.empty() : tensor<6xi32>
  %sum = linalg.generic {indexing_maps = [#map, #map, #map],
                         iterator_types = ["parallel"]}
      ins(%a, %b : tensor<6xi8>, tensor<6xi8>) outs(%init : tensor<6xi32>) {
  ^bb0(%x: i8, %y: i8, %out: i32):
    %wx = arith.extsi %x : i8 to i32
    %wy = arith.extsi %y : i8 to i32
    %s = arith.addi %wx, %wy : i32
    linalg.yield %s : i32
  } -> tensor<6xi32>
  return %sum : tensor<6xi32>
}
