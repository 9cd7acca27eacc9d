// A function at the quantized level with !quant.uniform arguments and results:
// qedge-run passes their storage (u8 as uint8, i8 as int8).
// RUN: %python -c "import numpy as np; np.save('%t.in.npy', np.array([0, 1, 127, 255, 128, 130], np.uint8))"
// RUN: qedge-run %s --entry=requant --input=%t.in.npy --output=%t.out.npy
// Reference (numpy): M = 0.5 / 1.0 = 0.5 is (M0, e) = (2^30, 0), so gemmlowp
// computes SRDHM(x - 128, 2^30) = (x - 128) / 2 rounded half toward +inf.
// RUN: %python -c "import numpy as np; x = np.load('%t.in.npy').astype(np.int64); y = np.load('%t.out.npy'); assert y.dtype == np.int8, y.dtype; want = np.floor((x - 128) / 2 + 0.5).astype(np.int8); assert np.array_equal(y, want), (y, want); print('OK', y.tolist())" | FileCheck %s
// CHECK: OK [-64, -63, 0, 64, 0, 1]

func.func @requant(%a: tensor<6x!quant.uniform<u8:f32, 0.5:128>>)
    -> tensor<6x!quant.uniform<i8:f32, 1.0>> {
  %0 = qedge.requantize %a : tensor<6x!quant.uniform<u8:f32, 0.5:128>>
      -> tensor<6x!quant.uniform<i8:f32, 1.0>>
  return %0 : tensor<6x!quant.uniform<i8:f32, 1.0>>
}
