func.func @reshape_elements(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.reshape %x : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<8x!quant.uniform<i8:f32, 0.1>>
  return
}
