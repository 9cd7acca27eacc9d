// --batched runs the entry over every sample of its inputs and concatenates
// the results along the first dimension: here 6 samples, 2 per call.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.arange(18, dtype=np.float32).reshape(6, 3)); np.save('%t/w.npy', np.ones((6, 1), np.float32))"
// RUN: qedge-run %s --entry=scale --batched --input=%t/x.npy --input=%t/w.npy --output=%t/y.npy --output=%t/s.npy
// RUN: %python -c "import numpy as np; x = np.arange(18, dtype=np.float32).reshape(6, 3); y = np.load('%t/y.npy'); s = np.load('%t/s.npy'); print(y.shape, s.shape, np.array_equal(y, 2 * x + 1), s.ravel().tolist())" | FileCheck %s
// CHECK: (6, 3) (3, 1) True [3.0, 3.0, 3.0]

// RUN: %python -c "import numpy as np; np.save('%t/odd.npy', np.zeros((5, 3), np.float32))"
// RUN: not qedge-run %s --entry=scale --batched --input=%t/odd.npy --input=%t/w.npy 2>&1 | FileCheck %s --check-prefix=ODD
// ODD: qedge-run: input 1 ('{{.*}}odd.npy'): 5 samples are not a whole number of calls of 2
// RUN: not qedge-run %s --entry=scale --batched --input=%t/x.npy --input=%t/odd.npy 2>&1 | FileCheck %s --check-prefix=OTHER
// OTHER: qedge-run: input 2 ('{{.*}}odd.npy'): shape [5, 3] does not match argument type tensor<6x1xf32>

// y = 2x + 1 per sample; s: one value per call (the sum of w over the call
// plus 1), concatenated: [3] per call of 2 samples -> 3 rows.
func.func @scale(%x: tensor<2x3xf32>, %w: tensor<2x1xf32>) -> (tensor<2x3xf32>, tensor<1x1xf32>) {
  %two = arith.constant dense<2.0> : tensor<2x3xf32>
  %one = arith.constant dense<1.0> : tensor<2x3xf32>
  %0 = arith.mulf %x, %two : tensor<2x3xf32>
  %1 = arith.addf %0, %one : tensor<2x3xf32>
  %c = arith.constant dense<1.0> : tensor<1x1xf32>
  %a = tensor.extract_slice %w[0, 0] [1, 1] [1, 1] : tensor<2x1xf32> to tensor<1x1xf32>
  %b = tensor.extract_slice %w[1, 0] [1, 1] [1, 1] : tensor<2x1xf32> to tensor<1x1xf32>
  %ab = arith.addf %a, %b : tensor<1x1xf32>
  %s = arith.addf %ab, %c : tensor<1x1xf32>
  return %1, %s : tensor<2x3xf32>, tensor<1x1xf32>
}
