func.func @max_pool_padding_kernel(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.max_pool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 2>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x3x5x2x!quant.uniform<i8:f32, 0.1>>
  return
}
