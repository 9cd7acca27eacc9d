#map = affine_map<(d0) -> (d0)>
func.func @add_widen(%a: tensor<6xi8>, %b: tensor<6xi8>) -> tensor<6xi32> {
  %init = tensor.empty() : tensor<6xi32>
  %sum = linalg.generic {indexing_maps = [#map, #map, #map],
                         iterator_types = ["parallel"]}
      ins(%a, %b : tensor<6xi8>, tensor<6xi8>) outs(%init : tensor<6xi32>) {
  ^bb0(%x: i8, %y: i8, %out: i32):
    %wx = arith.extsi %x : i8 to i32
    %wy = arith.extsi %y : i8 to i32
    %s = arith.addi %wx, %wy : i32
    linalg.yield %s : i32
  } -> tensor<6xi32>
  return %sum : tensor<6xi32>
}
