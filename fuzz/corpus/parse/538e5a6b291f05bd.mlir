func.func @transpose_permutation(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.transpose %x {permutation = array<i64: 1, 1>} : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<3x2x!quant.uniform<i8:f32, 0.1>>
  return
}
