func.func @f(%a: tensor<2xi32>) -> tensor<2xi32> {
  %r = arith.addi %a, : tensor<2xi32>
  return %r : tensor<2xi32>
}
