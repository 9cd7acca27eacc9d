func.func @avg_pool(%x: tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.5:3>> {
  %0 = qedge.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.5:3>>
  return %0 : tensor<1x3x3x2x!quant.uniform<i8:f32, 0.5:3>>
}
