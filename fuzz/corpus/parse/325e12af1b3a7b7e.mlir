func.func @add_output_multiplier_fp32(%a: tensor<4x!quant.uniform<i8:f32, 1.0>>, %b: tensor<4x!quant.uniform<i8:f32, 0.5>>) {
  %0 = qedge.add %a, %b {rounding = #qedge.rounding<fp32>} : (tensor<4x!quant.uniform<i8:f32, 1.0>>, tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 1.9073486328125e-06>>
  return
}
