func.func @quantize_nbit_per_axis(%arg0: tensor<2x3xf32>) -> (tensor<2x3x!quant.uniform<i8<-8:7>:f32, 1.000000e-01:0>>, tensor<2x3x!quant.uniform<u8<0:15>:f32:1, {1.0e-1:8, 2.0e-1:0, 3.0e-1:15}>>, tensor<2x3x!quant.uniform<i16:f32, 1.000000e-03:-7>>) {
  %0 = qedge.quantize %arg0 : tensor<2x3xf32>
      -> tensor<2x3x!quant.uniform<i8<-8:7>:f32, 0.1:0>>
  %1 = qedge.quantize %arg0 : tensor<2x3xf32>
      -> tensor<2x3x!quant.uniform<u8<0:15>:f32:1, {0.1:8, 0.2:0, 0.3:15}>>
  %2 = qedge.quantize %arg0 : tensor<2x3xf32>
      -> tensor<2x3x!quant.uniform<i16:f32, 0.001:-7>>
  return %0, %1, %2 : tensor<2x3x!quant.uniform<i8<-8:7>:f32, 1.000000e-01:0>>, tensor<2x3x!quant.uniform<u8<0:15>:f32:1, {1.0e-1:8, 2.0e-1:0, 3.0e-1:15}>>, tensor<2x3x!quant.uniform<i16:f32, 1.000000e-03:-7>>
}
