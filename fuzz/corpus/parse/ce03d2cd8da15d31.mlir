func.func @zero_scale(%arg0: tensor<4x!quant.uniform<i8:f32, 0.0>>) {
  return
}
