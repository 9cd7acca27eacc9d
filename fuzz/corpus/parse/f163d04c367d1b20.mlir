func.func @conv2d_defaults(%input: tensor<2x5x7x4x!quant.uniform<u8:f32, 0.02:128>>,
                           %filter: tensor<6x1x1x4x!quant.uniform<u8:f32, 0.01:120>>)
    -> tensor<2x5x7x6x!quant.uniform<u8:f32, 0.1:0>> {
  %0 = qedge.conv2d %input, %filter {strides = array<i64: 1, 1>, groups = 1,
      rounding = #qedge.rounding<gemmlowp>}
      : (tensor<2x5x7x4x!quant.uniform<u8:f32, 0.02:128>>,
         tensor<6x1x1x4x!quant.uniform<u8:f32, 0.01:120>>)
      -> tensor<2x5x7x6x!quant.uniform<u8:f32, 0.1:0>>
  return %0 : tensor<2x5x7x6x!quant.uniform<u8:f32, 0.1:0>>
}
