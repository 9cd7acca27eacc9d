func.func @global_avg_pool_shape(%x: tensor<2x4x4x3x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.global_avg_pool %x : tensor<2x4x4x3x!quant.uniform<i8:f32, 0.1>> -> tensor<2x1x2x3x!quant.uniform<i8:f32, 0.1>>
  return
}
