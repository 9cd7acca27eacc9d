// A result that is a strided window of an argument: the lowering copies it
// into the out-parameter with a call to `memrefCopy`, which qedge-run
// provides from the C runtime (qedge_memref_copy). The second function
// returns its argument unchanged (a contiguous copy).
// Reference: numpy slicing.

// RUN: %python -c "import numpy as np; np.save('%t.a.npy', np.arange(20, dtype=np.int16).reshape(4, 5))"
// RUN: qedge-run %s --entry=window --input=%t.a.npy --output=%t.w.npy
// RUN: qedge-run %s --entry=identity --input=%t.a.npy --output=%t.i.npy
// RUN: %python -c "import numpy as np; a = np.load('%t.a.npy'); w = np.load('%t.w.npy'); i = np.load('%t.i.npy'); assert w.dtype == i.dtype == np.int16; assert np.array_equal(w, a[1:3, 1:5:2]), w; assert np.array_equal(i, a), i; print('OK')" | FileCheck %s

// CHECK: OK

func.func @window(%a: tensor<4x5xi16>) -> tensor<2x2xi16> {
  %w = tensor.extract_slice %a[1, 1] [2, 2] [1, 2]
      : tensor<4x5xi16> to tensor<2x2xi16>
  return %w : tensor<2x2xi16>
}

func.func @identity(%a: tensor<4x5xi16>) -> tensor<4x5xi16> {
  return %a : tensor<4x5xi16>
}
