func.func @matmul_per_column(%a: tensor<3x4x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.4:1>> {
  %wi = arith.constant dense<[[1, 2], [3, 4], [5, 6], [7, 8]]> : tensor<4x2xi8>
  %w = quant.scast %wi : tensor<4x2xi8> to tensor<4x2x!quant.uniform<i8:f32:1, {0.02:3, 0.03:-2}>>
  %y = qedge.matmul %a, %w {rounding = #qedge.rounding<fp32>} : (tensor<3x4x!quant.uniform<i8:f32, 0.05:-3>>, tensor<4x2x!quant.uniform<i8:f32:1, {0.02:3, 0.03:-2}>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.4:1>>
  return %y : tensor<3x2x!quant.uniform<i8:f32, 0.4:1>>
}
