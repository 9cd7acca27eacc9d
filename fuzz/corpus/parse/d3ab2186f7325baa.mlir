func.func @unit_window_kept(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>) -> (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:3>>, tensor<1x4x4x2x!quant.uniform<i8:f32, 0.2:3>>) {
  %0 = qedge.max_pool2d %x {kernel = array<i64: 1, 1>, clamp_min = 0.0 : f32} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>
  %1 = qedge.max_pool2d %x {kernel = array<i64: 1, 1>, strides = array<i64: 2, 2>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>> -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:3>>
  %2 = qedge.avg_pool2d %x {kernel = array<i64: 1, 1>, rounding = #qedge.rounding<fp32>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.2:3>>
  return %0, %1, %2 : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>, tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1:3>>, tensor<1x4x4x2x!quant.uniform<i8:f32, 0.2:3>>
}
