func.func @fully_connected_bias_storage(%x: tensor<2x8x!quant.uniform<i8:f32, 0.5>>, %w: tensor<4x8x!quant.uniform<i8:f32, 0.25>>, %b: tensor<4x!quant.uniform<i8:f32, 0.125>>) {
  %0 = qedge.fully_connected %x, %w, %b : (tensor<2x8x!quant.uniform<i8:f32, 0.5>>, tensor<4x8x!quant.uniform<i8:f32, 0.25>>, tensor<4x!quant.uniform<i8:f32, 0.125>>) -> tensor<2x4x!quant.uniform<i8:f32, 1.0>>
  return
}
