func.func @matmul(%a: tensor<4x16x32x!quant.uniform<u8:f32, 0.05:128>>, %b: tensor<4x32x8x!quant.uniform<u8:f32, 0.02:120>>, %x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>, %w: tensor<3x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) -> (tensor<4x16x8x!quant.uniform<u8:f32, 0.4:100>>, tensor<2x2x!quant.uniform<i8:f32, 0.5>>) {
  %0 = qedge.matmul %a, %b
      : (tensor<4x16x32x!quant.uniform<u8:f32, 0.05:128>>,
         tensor<4x32x8x!quant.uniform<u8:f32, 0.02:120>>)
      -> tensor<4x16x8x!quant.uniform<u8:f32, 0.4:100>>
  %1 = qedge.matmul %x, %w {clamp_min = 0.0 : f32, rounding = #qedge.rounding<fp32>}
      : (tensor<2x3x!quant.uniform<i8:f32, 0.1>>,
         tensor<3x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>)
      -> tensor<2x2x!quant.uniform<i8:f32, 0.5>>
  return %0, %1 : tensor<4x16x8x!quant.uniform<u8:f32, 0.4:100>>, tensor<2x2x!quant.uniform<i8:f32, 0.5>>
}
