func.func @add_fp32(%a: tensor<8x!quant.uniform<i8:f32, 0.5:3>>, %b: tensor<8x!quant.uniform<i8:f32, 0.25:-2>>) -> tensor<8x!quant.uniform<i8:f32, 1.0:5>> {
  %0 = qedge.add %a, %b {rounding = #qedge.rounding<fp32>} : (tensor<8x!quant.uniform<i8:f32, 0.5:3>>, tensor<8x!quant.uniform<i8:f32, 0.25:-2>>) -> tensor<8x!quant.uniform<i8:f32, 1.0:5>>
  return %0 : tensor<8x!quant.uniform<i8:f32, 1.0:5>>
}
