func.func @clamp_concat(%x: tensor<1x8x8x16x!quant.uniform<u8:f32, 0.025:10>>, %y: tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:0>>) -> tensor<1x8x8x24x!quant.uniform<u8:f32, 0.025:10>> {
  %0 = qedge.clamp %x {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32}
      : tensor<1x8x8x16x!quant.uniform<u8:f32, 0.025:10>>
  %1 = qedge.concat %0, %y {axis = 3 : i64, rounding = #qedge.rounding<fp32>}
      : (tensor<1x8x8x16x!quant.uniform<u8:f32, 0.025:10>>,
         tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:0>>)
      -> tensor<1x8x8x24x!quant.uniform<u8:f32, 0.025:10>>
  return %1 : tensor<1x8x8x24x!quant.uniform<u8:f32, 0.025:10>>
}
