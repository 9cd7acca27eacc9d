// One value returned twice, and the function's argument returned as it is:
// each result is written whole to its own --output (the caller's buffers are
// distinct, so the repeated buffer is copied). Reference: numpy's addition.

// RUN: %python -c "import numpy as np; np.save('%t.a.npy', np.array([1, -2, 3, 40000], dtype=np.int32))"
// RUN: qedge-run %s --entry=twice --input=%t.a.npy --output=%t.0.npy --output=%t.1.npy --output=%t.2.npy --output=%t.3.npy
// RUN: %python -c "import numpy as np; a = np.load('%t.a.npy'); r = [np.load('%t.%%d.npy' %% i) for i in range(4)]; assert np.array_equal(r[0], a + a) and np.array_equal(r[1], a + a) and np.array_equal(r[2], a) and np.array_equal(r[3], a + a), r; print('OK')" | FileCheck %s
// RUN: qedge-compile %s -o %t.o --entry=twice --target=x86-64

// CHECK: OK

func.func @twice(%a: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %0 = arith.addi %a, %a : tensor<4xi32>
  return %0, %0, %a, %0 : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}
