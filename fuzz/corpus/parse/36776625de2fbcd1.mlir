func.func @data_movement(%x: tensor<2x3x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3, 0.4}>>, %p: tensor<2x3x!quant.uniform<u8:f32, 0.1:200>>) -> (tensor<6x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>, tensor<4x2x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>, tensor<3x6x!quant.uniform<u8:f32, 0.1:200>>) {
  %0 = qedge.reshape %x : tensor<2x3x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3, 0.4}>> -> tensor<6x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>
  %1 = qedge.transpose %x {permutation = array<i64: 2, 0, 1>} : tensor<2x3x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3, 0.4}>> -> tensor<4x2x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>
  %2 = qedge.pad %p {low = array<i64: 1, 2>, high = array<i64: 0, 1>} : tensor<2x3x!quant.uniform<u8:f32, 0.1:200>> -> tensor<3x6x!quant.uniform<u8:f32, 0.1:200>>
  return %0, %1, %2 : tensor<6x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>, tensor<4x2x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>, tensor<3x6x!quant.uniform<u8:f32, 0.1:200>>
}
