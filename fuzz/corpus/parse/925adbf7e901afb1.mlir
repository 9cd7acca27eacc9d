func.func @matmul(%a: tensor<2x3x4x!quant.uniform<u8:f32, 0.05:128>>, %b: tensor<2x4x5x!quant.uniform<u8:f32, 0.02:120>>) -> tensor<2x3x5x!quant.uniform<u8:f32, 0.4:100>> {
  %y = qedge.matmul %a, %b : (tensor<2x3x4x!quant.uniform<u8:f32, 0.05:128>>, tensor<2x4x5x!quant.uniform<u8:f32, 0.02:120>>) -> tensor<2x3x5x!quant.uniform<u8:f32, 0.4:100>>
  return %y : tensor<2x3x5x!quant.uniform<u8:f32, 0.4:100>>
}
