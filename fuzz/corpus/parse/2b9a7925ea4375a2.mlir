func.func @quantize(%r: tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.25:5>> {
  %0 = qedge.quantize %r : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.25:5>>
  return %0 : tensor<4x!quant.uniform<i8:f32, 0.25:5>>
}
