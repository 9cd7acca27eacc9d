func.func @add_broadcast_batch(%a: tensor<2x4x4x8x!quant.uniform<i8:f32, 0.1>>, %b: tensor<3x1x1x8x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.add %a, %b : (tensor<2x4x4x8x!quant.uniform<i8:f32, 0.1>>, tensor<3x1x1x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x4x4x8x!quant.uniform<i8:f32, 0.1>>
  return
}
