func.func @conv2d(%input: tensor<1x8x8x3x!quant.uniform<i8:f32, 0.05:-3>>,
                  %filter: tensor<4x3x3x3x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.04}>>,
                  %bias: tensor<4x!quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3, 5.0e-4, 2.0e-3}>>)
    -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1:-128>> {
  %0 = qedge.conv2d %input, %filter, %bias {
      strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>,
      clamp_min = 0.0 : f32, clamp_max = 6.0 : f32}
      : (tensor<1x8x8x3x!quant.uniform<i8:f32, 0.05:-3>>,
         tensor<4x3x3x3x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.04}>>,
         tensor<4x!quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3, 5.0e-4, 2.0e-3}>>)
      -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1:-128>>
  return %0 : tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1:-128>>
}
