func.func @scale(%x: tensor<2x3xf32>, %w: tensor<2x1xf32>) -> (tensor<2x3xf32>, tensor<1x1xf32>) {
  %two = arith.constant dense<2.0> : tensor<2x3xf32>
  %one = arith.constant dense<1.0> : tensor<2x3xf32>
  %0 = arith.mulf %x, %two : tensor<2x3xf32>
  %1 = arith.addf %0, %one : tensor<2x3xf32>
  %c = arith.constant dense<1.0> : tensor<1x1xf32>
  %a = tensor.extract_slice %w[0, 0] [1, 1] [1, 1] : tensor<2x1xf32> to tensor<1x1xf32>
  %b = tensor.extract_slice %w[1, 0] [1, 1] [1, 1] : tensor<2x1xf32> to tensor<1x1xf32>
  %ab = arith.addf %a, %b : tensor<1x1xf32>
  %s = arith.addf %ab, %c : tensor<1x1xf32>
  return %1, %s : tensor<2x3xf32>, tensor<1x1xf32>
}
