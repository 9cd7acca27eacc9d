func.func @requantize_other_type(%arg0: tensor<4x!quant.uniform<i8:f32, 0.1:-3>>) -> tensor<4x!quant.uniform<i8:f32, 0.1:-2>> {
  %0 = qedge.requantize %arg0 : tensor<4x!quant.uniform<i8:f32, 0.1:-3>> -> tensor<4x!quant.uniform<i8:f32, 0.1:-2>>
  return %0 : tensor<4x!quant.uniform<i8:f32, 0.1:-2>>
}
