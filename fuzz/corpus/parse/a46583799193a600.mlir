func.func @transpose_axis(%x: tensor<3x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>) {
  %0 = qedge.transpose %x {permutation = array<i64: 1, 0>} : tensor<3x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>> -> tensor<3x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>
  return
}
