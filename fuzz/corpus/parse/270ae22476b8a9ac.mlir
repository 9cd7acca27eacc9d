func.func @main(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<1x4xf32>) {
  %c = arith.constant dense<1.0> : tensor<1x4xf32>
  return %x, %c : tensor<2x3xf32>, tensor<1x4xf32>
}
func.func @other(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  return %x : tensor<2x3xf32>
}
