// RUN: qedge-opt %s -qedge-set-target=target=aarch64 -convert-qedge-to-vector | FileCheck %s
// RUN: qedge-opt %s --qedge-lower-to-llvm=target=aarch64 -o /dev/null

// A generic on buffers has no result: the table lookup pattern, which matches
// the tensor generic a folded qedge.table becomes, leaves it alone (it used
// to read a result that is not there). Found by qedge-fuzz-parse
// (fuzz/corpus/parse/regression-table-buffers.mlir).
// CHECK-LABEL: func.func @negate
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{.*}} : memref<2x2xf32>) outs(%{{.*}} : memref<2x2xf32>)
// CHECK-NOT: llvm.aarch64.neon
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
