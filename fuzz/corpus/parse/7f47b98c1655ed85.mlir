func.func @table_u8(%x: tensor<4x!quant.uniform<u8:f32, 0.1:0>>) -> tensor<4x!quant.uniform<u8:f32, 0.00390625>> {
  %0 = qedge.table %x {function = #qedge.function<sigmoid>} : tensor<4x!quant.uniform<u8:f32, 0.1:0>> -> tensor<4x!quant.uniform<u8:f32, 0.00390625>>
  return %0 : tensor<4x!quant.uniform<u8:f32, 0.00390625>>
}
