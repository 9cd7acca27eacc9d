func.func @matmul_fp32_i64(%a: tensor<1x4096x!quant.uniform<i16:f32, 0.001>>, %b: tensor<4096x1x!quant.uniform<i16:f32, 0.001>>) -> tensor<1x1x!quant.uniform<i16:f32, 1.0>> {
  %y = qedge.matmul %a, %b {rounding = #qedge.rounding<fp32>} : (tensor<1x4096x!quant.uniform<i16:f32, 0.001>>, tensor<4096x1x!quant.uniform<i16:f32, 0.001>>) -> tensor<1x1x!quant.uniform<i16:f32, 1.0>>
  return %y : tensor<1x1x!quant.uniform<i16:f32, 1.0>>
}
