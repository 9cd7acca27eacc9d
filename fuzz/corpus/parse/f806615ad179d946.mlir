func.func @global_avg_pool_dynamic(%x: tensor<?x4x4x2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.global_avg_pool %x : tensor<?x4x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<?x1x1x2x!quant.uniform<i8:f32, 0.1>>
  return
}
