// Unreadable, malformed or unsupported .npy inputs and unwritable outputs:
// one line naming the file and the problem, exit code 1.

// RUN: %python -c "import numpy as np; a = np.arange(6, dtype=np.int32).reshape(2, 3); np.save('%t.good.npy', a); d = open('%t.good.npy', 'rb').read(); n = 10 + d[8] + 256 * d[9]; open('%t.data.npy', 'wb').write(d[:-4]); open('%t.header.npy', 'wb').write(d[:40]); open('%t.empty.npy', 'wb').write(b''); open('%t.text.npy', 'w').write('not a numpy file'); np.save('%t.fortran.npy', np.asfortranarray(a)); np.save('%t.big.npy', a.astype('>i4')); np.save('%t.complex.npy', a.astype(np.complex64)); h = b\"{'shape': (2, 3), 'fortran_order': False}\"; open('%t.nodescr.npy', 'wb').write(b'\x93NUMPY\x01\x00' + bytes([len(h), 0]) + h + d[n:]); h = b\"{'descr': '<i4', 'fortran_order': False}\"; open('%t.noshape.npy', 'wb').write(b'\x93NUMPY\x01\x00' + bytes([len(h), 0]) + h + d[n:])"

// The good file runs (reference: numpy's int32 negation).
// RUN: qedge-run %s --entry=negate --input=%t.good.npy --output=%t.y.npy
// RUN: %python -c "import numpy as np; assert np.array_equal(np.load('%t.y.npy'), -np.load('%t.good.npy')); print('OK')" | FileCheck %s --check-prefix=GOOD
// GOOD: OK

// RUN: not qedge-run %s --entry=negate --input=%t.missing.npy 2>&1 | FileCheck %s --check-prefix=MISSING --implicit-check-not='{{.}}'
// MISSING: qedge-run: '{{.*}}.missing.npy': cannot open: No such file or directory

// RUN: not qedge-run %s --entry=negate --input=%t.data.npy 2>&1 | FileCheck %s --check-prefix=DATA --implicit-check-not='{{.}}'
// DATA: qedge-run: '{{.*}}.data.npy': truncated data: shape [2, 3] of int32 needs 24 bytes, 20 present

// RUN: not qedge-run %s --entry=negate --input=%t.header.npy 2>&1 | FileCheck %s --check-prefix=HEADER --implicit-check-not='{{.}}'
// HEADER: qedge-run: '{{.*}}.header.npy': truncated header: {{[0-9]+}} header bytes expected, 30 present

// RUN: not qedge-run %s --entry=negate --input=%t.empty.npy 2>&1 | FileCheck %s --check-prefix=EMPTY --implicit-check-not='{{.}}'
// EMPTY: qedge-run: '{{.*}}.empty.npy': not a .npy file (bad magic string)

// RUN: not qedge-run %s --entry=negate --input=%t.text.npy 2>&1 | FileCheck %s --check-prefix=MAGIC --implicit-check-not='{{.}}'
// MAGIC: qedge-run: '{{.*}}.text.npy': not a .npy file (bad magic string)

// The .mlir file itself is no .npy file either.
// RUN: not qedge-run %s --entry=negate --input=%s 2>&1 | FileCheck %s --check-prefix=MLIR --implicit-check-not='{{.}}'
// MLIR: qedge-run: '{{.*}}npy-errors.mlir': not a .npy file (bad magic string)

// RUN: not qedge-run %s --entry=negate --input=%t.fortran.npy 2>&1 | FileCheck %s --check-prefix=FORTRAN --implicit-check-not='{{.}}'
// FORTRAN: qedge-run: '{{.*}}.fortran.npy': Fortran-order arrays are not supported; save a C-order array (np.ascontiguousarray)

// RUN: not qedge-run %s --entry=negate --input=%t.big.npy 2>&1 | FileCheck %s --check-prefix=BIG --implicit-check-not='{{.}}'
// BIG: qedge-run: '{{.*}}.big.npy': big-endian dtype '>i4' is not supported; save the array with a little-endian dtype (a.astype('<i4'))

// RUN: not qedge-run %s --entry=negate --input=%t.complex.npy 2>&1 | FileCheck %s --check-prefix=COMPLEX --implicit-check-not='{{.}}'
// COMPLEX: qedge-run: '{{.*}}.complex.npy': unsupported dtype '<c8' (supported: int8, uint8, int16, uint16, int32, uint32, int64, uint64, float32, float64)

// RUN: not qedge-run %s --entry=negate --input=%t.nodescr.npy 2>&1 | FileCheck %s --check-prefix=NO-DESCR --implicit-check-not='{{.}}'
// NO-DESCR: qedge-run: '{{.*}}.nodescr.npy': malformed header: no 'descr' key

// RUN: not qedge-run %s --entry=negate --input=%t.noshape.npy 2>&1 | FileCheck %s --check-prefix=NO-SHAPE --implicit-check-not='{{.}}'
// NO-SHAPE: qedge-run: '{{.*}}.noshape.npy': malformed header: no 'shape' key

// RUN: not qedge-run %s --entry=negate --input=%t.good.npy --output=%t.no-such-dir/y.npy 2>&1 | FileCheck %s --check-prefix=OUTPUT --implicit-check-not='{{.}}'
// OUTPUT: qedge-run: '{{.*}}.no-such-dir/y.npy': cannot open for writing: No such file or directory

#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @negate(%a: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %init = tensor.empty() : tensor<2x3xi32>
  %n = linalg.generic {indexing_maps = [#map, #map],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<2x3xi32>) outs(%init : tensor<2x3xi32>) {
  ^bb0(%x: i32, %out: i32):
    %zero = arith.constant 0 : i32
    %negated = arith.subi %zero, %x : i32
    linalg.yield %negated : i32
  } -> tensor<2x3xi32>
  return %n : tensor<2x3xi32>
}
