func.func @avg_pool_result_shape(%x: tensor<1x5x5x2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<1x5x5x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.1>>
  return
}
