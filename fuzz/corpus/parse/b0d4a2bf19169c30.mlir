#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @mul(%a: tensor<2x4xf32>, %b: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %init = tensor.empty() : tensor<2x4xf32>
  %product = linalg.generic {indexing_maps = [#map, #map, #map],
                             iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<2x4xf32>, tensor<2x4xf32>)
      outs(%init : tensor<2x4xf32>) {
  ^bb0(%x: f32, %y: f32, %out: f32):
    %p = arith.mulf %x, %y : f32
    linalg.yield %p : f32
  } -> tensor<2x4xf32>
  return %product : tensor<2x4xf32>
}
