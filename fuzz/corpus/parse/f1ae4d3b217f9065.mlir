func.func @data_movement(%x: tensor<1x1x1x64x!quant.uniform<i8:f32, 0.05:-3>>, %w: tensor<2x3x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3, 0.4}>>) -> (tensor<1x64x!quant.uniform<i8:f32, 0.05:-3>>, tensor<6x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>, tensor<4x2x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>, tensor<1x3x3x64x!quant.uniform<i8:f32, 0.05:-3>>) {
  %0 = qedge.reshape %x : tensor<1x1x1x64x!quant.uniform<i8:f32, 0.05:-3>>
      -> tensor<1x64x!quant.uniform<i8:f32, 0.05:-3>>
  %1 = qedge.reshape %w : tensor<2x3x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3, 0.4}>>
      -> tensor<6x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>
  %2 = qedge.transpose %w {permutation = array<i64: 2, 0, 1>}
      : tensor<2x3x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3, 0.4}>>
      -> tensor<4x2x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>
  %3 = qedge.pad %x {low = array<i64: 0, 1, 1, 0>, high = array<i64: 0, 1, 1, 0>}
      : tensor<1x1x1x64x!quant.uniform<i8:f32, 0.05:-3>>
      -> tensor<1x3x3x64x!quant.uniform<i8:f32, 0.05:-3>>
  return %0, %1, %2, %3 : tensor<1x64x!quant.uniform<i8:f32, 0.05:-3>>, tensor<6x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>, tensor<4x2x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>, tensor<1x3x3x64x!quant.uniform<i8:f32, 0.05:-3>>
}
