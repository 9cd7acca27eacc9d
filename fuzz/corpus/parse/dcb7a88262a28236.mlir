func.func @quantize_of_dequantize_other_type(%arg0: tensor<4x!quant.uniform<i8:f32, 0.1:-3>>) -> tensor<4x!quant.uniform<i8:f32, 0.2:-3>> {
  %0 = qedge.dequantize %arg0 : tensor<4x!quant.uniform<i8:f32, 0.1:-3>> -> tensor<4xf32>
  %1 = qedge.quantize %0 : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.2:-3>>
  return %1 : tensor<4x!quant.uniform<i8:f32, 0.2:-3>>
}
