func.func @conv2d_16x8(%input: tensor<1x4x4x2x!quant.uniform<i16:f32, 1.0e-3>>,
                       %filter: tensor<2x3x3x2x!quant.uniform<i8:f32:0, {0.01, 0.02}>>)
    -> tensor<1x2x2x2x!quant.uniform<i16:f32, 2.0e-3>> {
  %0 = qedge.conv2d %input, %filter {clamp_min = 0.0 : f32}
      : (tensor<1x4x4x2x!quant.uniform<i16:f32, 1.0e-3>>,
         tensor<2x3x3x2x!quant.uniform<i8:f32:0, {0.01, 0.02}>>)
      -> tensor<1x2x2x2x!quant.uniform<i16:f32, 2.0e-3>>
  return %0 : tensor<1x2x2x2x!quant.uniform<i16:f32, 2.0e-3>>
}
