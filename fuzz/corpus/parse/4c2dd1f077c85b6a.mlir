func.func @reshape_float(%x: tensor<6xf32>) {
  %0 = qedge.reshape %x : tensor<6xf32> -> tensor<6x!quant.uniform<i8:f32, 0.1>>
  return
}
