func.func @sub_rndnu(%a: tensor<2x1x1x4x!quant.uniform<u8:f32, 0.5:128>>, %b: tensor<2x3x3x4x!quant.uniform<u8:f32, 0.25:1>>) -> tensor<2x3x3x4x!quant.uniform<u8:f32, 2.0:7>> {
  %0 = qedge.sub %b, %a {rounding = #qedge.rounding<rndnu>} : (tensor<2x3x3x4x!quant.uniform<u8:f32, 0.25:1>>, tensor<2x1x1x4x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<2x3x3x4x!quant.uniform<u8:f32, 2.0:7>>
  return %0 : tensor<2x3x3x4x!quant.uniform<u8:f32, 2.0:7>>
}
