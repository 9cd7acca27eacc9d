func.func @max_pool_per_axis(%x: tensor<1x4x4x2x!quant.uniform<i8:f32:3, {0.1, 0.2}>>) {
  %0 = qedge.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x4x4x2x!quant.uniform<i8:f32:3, {0.1, 0.2}>> -> tensor<1x3x3x2x!quant.uniform<i8:f32:3, {0.1, 0.2}>>
  return
}
