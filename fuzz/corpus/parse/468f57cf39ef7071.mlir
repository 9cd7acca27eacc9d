func.func @pad_per_axis(%x: tensor<2x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>) {
  %0 = qedge.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 0>} : tensor<2x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>> -> tensor<3x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>
  return
}
