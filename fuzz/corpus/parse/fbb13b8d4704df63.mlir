func.func @mul(%x: tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05>>, %gate: tensor<1x1x1x16x!quant.uniform<u8:f32, 0.00390625>>) -> tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05>> {
  %0 = qedge.mul %x, %gate {clamp_max = 6.0 : f32, rounding = #qedge.rounding<fp32>}
      : (tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05>>,
         tensor<1x1x1x16x!quant.uniform<u8:f32, 0.00390625>>)
      -> tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05>>
  return %0 : tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05>>
}
