func.func @table(%x: tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>) -> (tensor<1x8x8x16x!quant.uniform<i8:f32, 0.00390625:-128>>, tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>) {
  %0 = qedge.table %x {function = #qedge.function<sigmoid>}
      : tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>
      -> tensor<1x8x8x16x!quant.uniform<i8:f32, 0.00390625:-128>>
  %1 = qedge.table %x {function = #qedge.function<hard_swish>, rounding = #qedge.rounding<fp32>}
      : tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>
      -> tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>
  return %0, %1 : tensor<1x8x8x16x!quant.uniform<i8:f32, 0.00390625:-128>>, tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>
}
