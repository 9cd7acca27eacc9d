func.func @i32_activation(%arg0: tensor<4x!quant.uniform<i32:f32, 0.1>>) {
  %0 = qedge.requantize %arg0 : tensor<4x!quant.uniform<i32:f32, 0.1>> -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}
