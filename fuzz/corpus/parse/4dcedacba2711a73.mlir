func.func @fully_connected_filter_axis(%x: tensor<2x2x!quant.uniform<i8:f32, 0.1>>, %w: tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) {
  %0 = qedge.fully_connected %x, %w : (tensor<2x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.1>>
  return
}
