func.func @requantize_bad_result(%arg0: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.requantize %arg0 : tensor<4x!quant.uniform<i8:f32, 0.1>> -> tensor<4x!quant.uniform<u8:f32, 0.1:-1>>
  return
}
