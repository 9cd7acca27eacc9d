func.func @table_i16(%x: tensor<4x!quant.uniform<i16:f32, 0.001>>) {
  %0 = qedge.table %x {function = #qedge.function<tanh>} : tensor<4x!quant.uniform<i16:f32, 0.001>> -> tensor<4x!quant.uniform<i8:f32, 0.0078125>>
  return
}
