func.func @global_avg_pool_per_axis(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.global_avg_pool %x : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x1x1x2x!quant.uniform<i8:f32:3, {0.1, 0.2}>>
  return
}
