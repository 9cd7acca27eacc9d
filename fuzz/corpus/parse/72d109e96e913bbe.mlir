func.func @dequantize_of_quantize(%arg0: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qedge.quantize %arg0 : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.1:-3>>
  %1 = qedge.dequantize %0 : tensor<4x!quant.uniform<i8:f32, 0.1:-3>> -> tensor<4xf32>
  return %1 : tensor<4xf32>
}
