func.func @unit_window(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>) -> (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>, tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>) {
  %0 = qedge.max_pool2d %x {kernel = array<i64: 1, 1>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>
  %1 = qedge.avg_pool2d %x {kernel = array<i64: 1, 1>, rounding = #qedge.rounding<fp32>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>> -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>
  return %0, %1 : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>, tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1:3>>
}
