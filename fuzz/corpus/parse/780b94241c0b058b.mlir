func.func @reshape_rank0(%x: tensor<1x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.reshape %x : tensor<1x!quant.uniform<i8:f32, 0.1>> -> tensor<!quant.uniform<i8:f32, 0.1>>
  return
}
