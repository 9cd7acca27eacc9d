func.func @reshape_constant() -> tensor<3x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>> {
  %c = arith.constant dense<[[[1, 2]], [[3, 4]], [[5, 6]]]> : tensor<3x1x2xi8>
  %q = quant.scast %c : tensor<3x1x2xi8> to tensor<3x1x2x!quant.uniform<i8:f32:2, {0.1, 0.2}>>
  %r = qedge.reshape %q : tensor<3x1x2x!quant.uniform<i8:f32:2, {0.1, 0.2}>> -> tensor<3x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>
  return %r : tensor<3x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>
}
