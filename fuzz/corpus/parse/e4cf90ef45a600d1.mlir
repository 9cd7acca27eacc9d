func.func @reshape_axis_split(%x: tensor<2x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>) {
  %0 = qedge.reshape %x : tensor<2x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>> -> tensor<2x2x2x!quant.uniform<i8:f32:2, {0.1, 0.2}>>
  return
}
