func.func @requantize_same_type(%arg0: tensor<4x!quant.uniform<i8:f32, 0.1:-3>>) -> tensor<4x!quant.uniform<i8:f32, 0.1:-3>> {
  %0 = qedge.requantize %arg0 {rounding = #qedge.rounding<fp32>} : tensor<4x!quant.uniform<i8:f32, 0.1:-3>> -> tensor<4x!quant.uniform<i8:f32, 0.1:-3>>
  return %0 : tensor<4x!quant.uniform<i8:f32, 0.1:-3>>
}
