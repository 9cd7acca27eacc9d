func.func @avg_pool_strides(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 1>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.1>>
  return
}
