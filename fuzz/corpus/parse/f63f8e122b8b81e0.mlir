func.func @reshape_dynamic(%x: tensor<?x3x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.reshape %x : tensor<?x3x!quant.uniform<i8:f32, 0.1>> -> tensor<6x!quant.uniform<i8:f32, 0.1>>
  return
}
