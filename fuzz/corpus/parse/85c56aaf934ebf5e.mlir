#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @double(%a: tensor<8x8xi32>) -> tensor<8x8xi32> {
  %init = tensor.empty() : tensor<8x8xi32>
  %r = linalg.generic {indexing_maps = [#map, #map],
                       iterator_types = ["parallel", "parallel"]}
      ins(%a : tensor<8x8xi32>) outs(%init : tensor<8x8xi32>) {
  ^bb0(%x: i32, %out: i32):
    %d = arith.addi %x, %x : i32
    linalg.yield %d : i32
  } -> tensor<8x8xi32>
  return %r : tensor<8x8xi32>
}

func.func @double_elementwise(%a: tensor<8x8xi32>) -> tensor<8x8xi32> {
  %d = arith.addi %a, %a : tensor<8x8xi32>
  return %d : tensor<8x8xi32>
}
