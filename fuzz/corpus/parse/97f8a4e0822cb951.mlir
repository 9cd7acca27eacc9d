func.func @transpose_rank(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.transpose %x {permutation = array<i64: 1, 0>} : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<3x2x1x!quant.uniform<i8:f32, 0.1>>
  return
}
