func.func @pooling(%x: tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:128>>) -> (tensor<1x4x4x16x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x7x7x16x!quant.uniform<u8:f32, 0.1:3>>) {
  %0 = qedge.max_pool2d %x {kernel = array<i64: 3, 3>,
      strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>,
      clamp_max = 6.0 : f32}
      : tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:128>>
      -> tensor<1x4x4x16x!quant.uniform<u8:f32, 0.05:128>>
  %1 = qedge.avg_pool2d %x {kernel = array<i64: 3, 3>,
      padding = array<i64: 1, 1, 1, 1>, count_include_pad}
      : tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:128>>
      -> tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:128>>
  %2 = qedge.avg_pool2d %x {kernel = array<i64: 2, 2>,
      rounding = #qedge.rounding<fp32>}
      : tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:128>>
      -> tensor<1x7x7x16x!quant.uniform<u8:f32, 0.1:3>>
  return %0, %1, %2 : tensor<1x4x4x16x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x7x7x16x!quant.uniform<u8:f32, 0.1:3>>
}
