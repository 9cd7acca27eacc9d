func.func @requantize(%arg0: tensor<8x!quant.uniform<i8:f32, 0.1:3>>) -> (tensor<8x!quant.uniform<i8:f32, 0.2:-1>>, tensor<8x!quant.uniform<i8:f32, 0.2:-1>>, tensor<8x!quant.uniform<u8:f32, 0.2:128>>) {
  %0 = qedge.requantize %arg0 {rounding = #qedge.rounding<rndnu>}
      : tensor<8x!quant.uniform<i8:f32, 0.1:3>>
      -> tensor<8x!quant.uniform<i8:f32, 0.2:-1>>
  %1 = qedge.requantize %arg0 {roundinf = #qedge.rounding<gemmlowp>}
      : tensor<8x!quant.uniform<i8:f32, 0.1:3>>
      -> tensor<8x!quant.uniform<i8:f32, 0.2:-1>>
  %2 = qedge.requantize %arg0 {rounding = #qedge.rounding<fp32>}
      : tensor<8x!quant.uniform<i8:f32, 0.1:3>>
      -> tensor<8x!quant.uniform<u8:f32, 0.2:128>>
  return %1, %1, %2 : tensor<8x!quant.uniform<i8:f32, 0.2:-1>>, tensor<8x!quant.uniform<i8:f32, 0.2:-1>>, tensor<8x!quant.uniform<u8:f32, 0.2:128>>
}
