func.func @unknown_rounding(%arg0: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.requantize %arg0 {rounding = #qedge.rounding<truncate>} : tensor<4x!quant.uniform<i8:f32, 0.1>> -> tensor<4x!quant.uniform<i8:f32, 0.2>>
  return
}
