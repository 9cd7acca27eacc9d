func.func @requantize_zero_points(%x: tensor<2x2x!quant.uniform<i8:f32:1, {0.5:1, 0.25:2}>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.5>> {
  %0 = qedge.requantize %x : tensor<2x2x!quant.uniform<i8:f32:1, {0.5:1, 0.25:2}>> -> tensor<2x2x!quant.uniform<i8:f32, 0.5>>
  return %0 : tensor<2x2x!quant.uniform<i8:f32, 0.5>>
}
