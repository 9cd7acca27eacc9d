#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @sum_and_difference(%a: tensor<2x2xi16>, %b: tensor<2x2xi16>)
    -> (tensor<2x2xi16>, tensor<2x2xi16>) {
  %init = tensor.empty() : tensor<2x2xi16>
  %sum, %diff = linalg.generic {indexing_maps = [#map, #map, #map, #map],
                                iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<2x2xi16>, tensor<2x2xi16>)
      outs(%init, %init : tensor<2x2xi16>, tensor<2x2xi16>) {
  ^bb0(%x: i16, %y: i16, %o0: i16, %o1: i16):
    %s = arith.addi %x, %y : i16
    %d = arith.subi %x, %y : i16
    linalg.yield %s, %d : i16, i16
  } -> (tensor<2x2xi16>, tensor<2x2xi16>)
  return %sum, %diff : tensor<2x2xi16>, tensor<2x2xi16>
}
