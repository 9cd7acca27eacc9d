func.func @expressed_not_f32(%arg0: tensor<4x!quant.uniform<i8:f16, 0.1>>) {
  %0 = qedge.dequantize %arg0 : tensor<4x!quant.uniform<i8:f16, 0.1>> -> tensor<4xf32>
  return
}
