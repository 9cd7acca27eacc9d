// 0-d tensors: the .npy files hold scalars (shape ()), the descriptors have
// no sizes or strides.
// Reference: numpy's int64 multiplication.

// RUN: %python -c "import numpy as np; np.save('%t.a.npy', np.array(-7, dtype=np.int64)); np.save('%t.b.npy', np.array(3 * 10**12, dtype=np.int64))"
// RUN: qedge-run %s --entry=mul --input=%t.a.npy --input=%t.b.npy --output=%t.y.npy
// RUN: %python -c "import numpy as np; a = np.load('%t.a.npy'); b = np.load('%t.b.npy'); y = np.load('%t.y.npy'); assert y.dtype == np.int64 and y.shape == (), (y.dtype, y.shape); assert y == a * b, y; print('OK', int(y))" | FileCheck %s

// CHECK: OK -21000000000000

func.func @mul(%a: tensor<i64>, %b: tensor<i64>) -> tensor<i64> {
  %x = tensor.extract %a[] : tensor<i64>
  %y = tensor.extract %b[] : tensor<i64>
  %p = arith.muli %x, %y : i64
  %r = tensor.from_elements %p : tensor<i64>
  return %r : tensor<i64>
}
