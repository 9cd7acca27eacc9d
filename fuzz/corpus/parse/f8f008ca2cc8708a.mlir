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
