func.func @fully_connected_features(%x: tensor<2x8x!quant.uniform<i8:f32, 0.1>>, %w: tensor<4x6x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.fully_connected %x, %w : (tensor<2x8x!quant.uniform<i8:f32, 0.1>>, tensor<4x6x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.1>>
  return
}
