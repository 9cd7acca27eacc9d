func.func @global_avg_pool(%x: tensor<2x5x5x3x!quant.uniform<u8:f32, 0.5:3>>) -> (tensor<2x1x1x3x!quant.uniform<u8:f32, 0.25:1>>, tensor<2x1x1x3x!quant.uniform<u8:f32, 0.25:1>>) {
  %0 = qedge.global_avg_pool %x : tensor<2x5x5x3x!quant.uniform<u8:f32, 0.5:3>> -> tensor<2x1x1x3x!quant.uniform<u8:f32, 0.25:1>>
  %1 = qedge.global_avg_pool %x {rounding = #qedge.rounding<fp32>} : tensor<2x5x5x3x!quant.uniform<u8:f32, 0.5:3>> -> tensor<2x1x1x3x!quant.uniform<u8:f32, 0.25:1>>
  return %0, %1 : tensor<2x1x1x3x!quant.uniform<u8:f32, 0.25:1>>, tensor<2x1x1x3x!quant.uniform<u8:f32, 0.25:1>>
}
