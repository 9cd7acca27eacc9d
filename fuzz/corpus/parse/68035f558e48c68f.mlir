func.func @reshape_type(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.reshape %x : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<6x!quant.uniform<i8:f32, 0.2>>
  return
}
