// --target: a named target runs when this host can execute its code; code
// for another architecture is refused.
// REQUIRES: host={{x86_64-.*}}

// RUN: %python -c "import numpy as np; np.save('%t.a.npy', np.arange(4, dtype=np.int32))"
// RUN: qedge-run %s --entry=twice --input=%t.a.npy --output=%t.y.npy --target=x86-64
// RUN: %python -c "import numpy as np; a = np.load('%t.a.npy'); assert np.array_equal(np.load('%t.y.npy'), 2 * a); print('OK')" | FileCheck %s --check-prefix=X86
// X86: OK

// RUN: not qedge-run %s --entry=twice --input=%t.a.npy --target=aarch64 2>&1 | FileCheck %s --check-prefix=ARM --implicit-check-not='{{.}}'
// ARM: qedge-run: cannot execute code for target 'aarch64' (aarch64-unknown-linux-gnu) on this x86_64 host

#map = affine_map<(d0) -> (d0)>
func.func @twice(%a: tensor<4xi32>) -> tensor<4xi32> {
  %init = tensor.empty() : tensor<4xi32>
  %r = linalg.generic {indexing_maps = [#map, #map],
                       iterator_types = ["parallel"]}
      ins(%a : tensor<4xi32>) outs(%init : tensor<4xi32>) {
  ^bb0(%x: i32, %out: i32):
    %d = arith.addi %x, %x : i32
    linalg.yield %d : i32
  } -> tensor<4xi32>
  return %r : tensor<4xi32>
}
