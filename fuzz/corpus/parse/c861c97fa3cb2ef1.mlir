func.func @infinite_scale(%arg0: tensor<4x!quant.uniform<i8:f32, 0x7FF0000000000000>>) {
  return
}
