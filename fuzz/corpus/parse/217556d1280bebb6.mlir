func.func @conv2d_depthwise(%input: tensor<1x9x6x3x!quant.uniform<i8:f32, 0.5:0>>,
                            %filter: tensor<6x3x2x1x!quant.uniform<i8:f32, 0.25:0>>,
                            %bias: tensor<6x!quant.uniform<i32:f32, 0.125:0>>)
    -> tensor<1x6x3x6x!quant.uniform<i8:f32, 1.0:5>> {
  %0 = qedge.conv2d %input, %filter, %bias {strides = array<i64: 1, 2>,
      padding = array<i64: 1, 0, 0, 2>, dilations = array<i64: 2, 2>,
      groups = 3, rounding = #qedge.rounding<fp32>}
      : (tensor<1x9x6x3x!quant.uniform<i8:f32, 0.5:0>>,
         tensor<6x3x2x1x!quant.uniform<i8:f32, 0.25:0>>,
         tensor<6x!quant.uniform<i32:f32, 0.125:0>>)
      -> tensor<1x6x3x6x!quant.uniform<i8:f32, 1.0:5>>
  return %0 : tensor<1x6x3x6x!quant.uniform<i8:f32, 1.0:5>>
}
