func.func @global_avg_pool(%x: tensor<2x7x7x64x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<2x1x1x64x!quant.uniform<i8:f32, 0.02:-1>> {
  %0 = qedge.global_avg_pool %x {rounding = #qedge.rounding<rndnu>}
      : tensor<2x7x7x64x!quant.uniform<i8:f32, 0.05:-3>>
      -> tensor<2x1x1x64x!quant.uniform<i8:f32, 0.02:-1>>
  return %0 : tensor<2x1x1x64x!quant.uniform<i8:f32, 0.02:-1>>
}
