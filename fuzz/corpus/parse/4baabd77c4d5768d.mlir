func.func @table_result_i16(%x: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  %0 = qedge.table %x {function = #qedge.function<exp>} : tensor<4x!quant.uniform<u8:f32, 0.1>> -> tensor<4x!quant.uniform<i16:f32, 0.1>>
  return
}
