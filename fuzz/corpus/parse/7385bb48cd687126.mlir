func.func @pad_shape(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 0>} : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<3x4x!quant.uniform<i8:f32, 0.1>>
  return
}
