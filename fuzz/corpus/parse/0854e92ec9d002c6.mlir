func.func @reshape_axis_moved(%x: tensor<4x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>) {
  %0 = qedge.reshape %x : tensor<4x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>> -> tensor<4x1x4x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>
  return
}
