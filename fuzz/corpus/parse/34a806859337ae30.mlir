func.func @quantize(%arg0: tensor<1x8x8x3xf32>) -> tensor<1x8x8x3x!quant.uniform<i8:f32, 0.05:-3>> {
  %0 = qedge.quantize %arg0 : tensor<1x8x8x3xf32>
      -> tensor<1x8x8x3x!quant.uniform<i8:f32, 0.05:-3>>
  return %0 : tensor<1x8x8x3x!quant.uniform<i8:f32, 0.05:-3>>
}
