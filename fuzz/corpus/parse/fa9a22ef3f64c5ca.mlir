func.func @add_sub(%a: tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>, %b: tensor<1x1x1x16x!quant.uniform<i8:f32, 0.1:2>>, %c: tensor<2x16x!quant.uniform<u16:f32, 0.001>>) -> (tensor<1x8x8x16x!quant.uniform<i8:f32, 0.12:-10>>, tensor<1x8x8x16x!quant.uniform<i8:f32, 0.12:-10>>, tensor<2x16x!quant.uniform<u16:f32, 0.002:7>>) {
  %0 = qedge.add %a, %b {clamp_min = 0.0 : f32}
      : (tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>,
         tensor<1x1x1x16x!quant.uniform<i8:f32, 0.1:2>>)
      -> tensor<1x8x8x16x!quant.uniform<i8:f32, 0.12:-10>>
  %1 = qedge.sub %b, %a {rounding = #qedge.rounding<fp32>}
      : (tensor<1x1x1x16x!quant.uniform<i8:f32, 0.1:2>>,
         tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>)
      -> tensor<1x8x8x16x!quant.uniform<i8:f32, 0.12:-10>>
  %2 = qedge.add %c, %c {clamp_max = 6.0 : f32, rounding = #qedge.rounding<rndnu>}
      : (tensor<2x16x!quant.uniform<u16:f32, 0.001>>,
         tensor<2x16x!quant.uniform<u16:f32, 0.001>>)
      -> tensor<2x16x!quant.uniform<u16:f32, 0.002:7>>
  return %0, %1, %2 : tensor<1x8x8x16x!quant.uniform<i8:f32, 0.12:-10>>, tensor<1x8x8x16x!quant.uniform<i8:f32, 0.12:-10>>, tensor<2x16x!quant.uniform<u16:f32, 0.002:7>>
}
