func.func @table(%x: tensor<4x!quant.uniform<i8:f32, 1.0>>) -> (tensor<4x!quant.uniform<i8:f32, 0.3333333333333333:-1>>, tensor<4x!quant.uniform<i8:f32, 0.3333333333333333:-1>>) {
  %0 = qedge.table %x {function = #qedge.function<hard_sigmoid>} : tensor<4x!quant.uniform<i8:f32, 1.0>> -> tensor<4x!quant.uniform<i8:f32, 0.3333333333333333:-1>>
  %1 = qedge.table %x {function = #qedge.function<hard_sigmoid>, rounding = #qedge.rounding<fp32>} : tensor<4x!quant.uniform<i8:f32, 1.0>> -> tensor<4x!quant.uniform<i8:f32, 0.3333333333333333:-1>>
  return %0, %1 : tensor<4x!quant.uniform<i8:f32, 0.3333333333333333:-1>>, tensor<4x!quant.uniform<i8:f32, 0.3333333333333333:-1>>
}
