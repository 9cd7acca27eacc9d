func.func @pooling(%x: tensor<1x5x5x2x!quant.uniform<u8:f32, 0.5:3>>) -> (tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>, tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>, tensor<1x3x3x2x!quant.uniform<u8:f32, 0.25:3>>, tensor<1x1x1x2x!quant.uniform<u8:f32, 0.25:1>>) {
  %0 = qedge.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, clamp_max = 6.0 : f32} : tensor<1x5x5x2x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>
  %1 = qedge.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x5x5x2x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>
  %2 = qedge.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, rounding = #qedge.rounding<fp32>} : tensor<1x5x5x2x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x3x3x2x!quant.uniform<u8:f32, 0.25:3>>
  %3 = qedge.global_avg_pool %x {rounding = #qedge.rounding<rndnu>} : tensor<1x5x5x2x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x1x1x2x!quant.uniform<u8:f32, 0.25:1>>
  return %0, %1, %2, %3 : tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>, tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>, tensor<1x3x3x2x!quant.uniform<u8:f32, 0.25:3>>, tensor<1x1x1x2x!quant.uniform<u8:f32, 0.25:1>>
}
