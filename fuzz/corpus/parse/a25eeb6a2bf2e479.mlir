func.func @fully_connected_dynamic(%x: tensor<?x8x!quant.uniform<i8:f32, 0.1>>, %w: tensor<4x8x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.fully_connected %x, %w : (tensor<?x8x!quant.uniform<i8:f32, 0.1>>, tensor<4x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<?x4x!quant.uniform<i8:f32, 0.1>>
  return
}
