func.func @window(%a: tensor<4x5xi16>) -> tensor<2x2xi16> {
  %w = tensor.extract_slice %a[1, 1] [2, 2] [1, 2]
      : tensor<4x5xi16> to tensor<2x2xi16>
  return %w : tensor<2x2xi16>
}

func.func @identity(%a: tensor<4x5xi16>) -> tensor<4x5xi16> {
  return %a : tensor<4x5xi16>
}
