func.func @concat_widen(%a: tensor<2x2x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<2x2x!quant.uniform<i16:f32, 1.0e-4>> {
  %0 = qedge.concat %a {axis = 0 : i64, rounding = #qedge.rounding<fp32>} : (tensor<2x2x!quant.uniform<u8:f32, 0.02:128>>) -> tensor<2x2x!quant.uniform<i16:f32, 1.0e-4>>
  return %0 : tensor<2x2x!quant.uniform<i16:f32, 1.0e-4>>
}
