// A program with two results, for the options that name one file per result.
func.func @main(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = arith.negf %x : tensor<2x3xf32>
  return %x, %0 : tensor<2x3xf32>, tensor<2x3xf32>
}
