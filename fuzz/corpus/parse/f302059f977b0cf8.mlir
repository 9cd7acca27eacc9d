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
