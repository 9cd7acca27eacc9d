func.func @zero_point_out_of_nbit_range(%arg0: tensor<4x!quant.uniform<i8<-8:7>:f32, 0.1:-9>>) {
  %0 = qedge.dequantize %arg0 : tensor<4x!quant.uniform<i8<-8:7>:f32, 0.1:-9>> -> tensor<4xf32>
  return
}
