func.func @add(%a: tensor<1x8x8x64x!quant.uniform<i8:f32, 0.05:-3>>, %b: tensor<1x8x8x64x!quant.uniform<i8:f32, 0.07:5>>) -> tensor<1x8x8x64x!quant.uniform<i8:f32, 0.1:-10>> {
  %0 = qedge.add %a, %b {clamp_min = 0.0 : f32} : (tensor<1x8x8x64x!quant.uniform<i8:f32, 0.05:-3>>, tensor<1x8x8x64x!quant.uniform<i8:f32, 0.07:5>>) -> tensor<1x8x8x64x!quant.uniform<i8:f32, 0.1:-10>>
  return %0 : tensor<1x8x8x64x!quant.uniform<i8:f32, 0.1:-10>>
}
