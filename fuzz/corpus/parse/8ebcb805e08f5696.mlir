func.func @pad_high(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, -1>} : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<3x2x!quant.uniform<i8:f32, 0.1>>
  return
}
