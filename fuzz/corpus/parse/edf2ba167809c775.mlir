func.func @fully_connected_clamp(%x: tensor<2x8x!quant.uniform<i8:f32, 0.1>>, %w: tensor<4x8x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.fully_connected %x, %w {clamp_min = 100.0 : f32, clamp_max = 200.0 : f32} : (tensor<2x8x!quant.uniform<i8:f32, 0.1>>, tensor<4x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.1>>
  return
}
