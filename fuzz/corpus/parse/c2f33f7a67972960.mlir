func.func @add_fp32_overflow(%a: tensor<4x!quant.uniform<i8:f32, 1.0e30>>) -> tensor<4x!quant.uniform<i8:f32, 1.0e-10>> {
  %0 = qedge.add %a, %a {rounding = #qedge.rounding<fp32>} : (tensor<4x!quant.uniform<i8:f32, 1.0e30>>, tensor<4x!quant.uniform<i8:f32, 1.0e30>>) -> tensor<4x!quant.uniform<i8:f32, 1.0e-10>>
  return %0 : tensor<4x!quant.uniform<i8:f32, 1.0e-10>>
}
