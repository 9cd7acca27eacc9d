func.func @table_per_axis(%x: tensor<2x!quant.uniform<i8:f32:0, {0.1, 0.2}>>) {
  %0 = qedge.table %x {function = #qedge.function<tanh>} : tensor<2x!quant.uniform<i8:f32:0, {0.1, 0.2}>> -> tensor<2x!quant.uniform<i8:f32, 0.0078125>>
  return
}
