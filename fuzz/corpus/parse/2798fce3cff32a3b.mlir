func.func @max_pool(%x: tensor<1x5x5x2x!quant.uniform<u8:f32, 0.5:3>>, %s: tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:3>>) -> (tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>, tensor<1x3x3x2x!quant.uniform<i8:f32, 0.5:3>>) {
  %0 = qedge.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : tensor<1x5x5x2x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>
  %1 = qedge.max_pool2d %s {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.5:3>>
  return %0, %1 : tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>, tensor<1x3x3x2x!quant.uniform<i8:f32, 0.5:3>>
}
