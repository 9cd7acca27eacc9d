func.func @data_movement_identities(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) -> (tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<3x2x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.reshape %x : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<2x3x!quant.uniform<i8:f32, 0.1>>
  %1 = qedge.transpose %x {permutation = array<i64: 0, 1>} : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<2x3x!quant.uniform<i8:f32, 0.1>>
  %2 = qedge.pad %x {low = array<i64: 0, 0>, high = array<i64: 0, 0>} : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<2x3x!quant.uniform<i8:f32, 0.1>>
  %6 = qedge.reshape %x : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<6x!quant.uniform<i8:f32, 0.1>>
  %3 = qedge.reshape %6 : tensor<6x!quant.uniform<i8:f32, 0.1>> -> tensor<3x2x!quant.uniform<i8:f32, 0.1>>
  return %0, %1, %2, %3 : tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<3x2x!quant.uniform<i8:f32, 0.1>>
}
