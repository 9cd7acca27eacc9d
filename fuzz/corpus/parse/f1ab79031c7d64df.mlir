func.func @zero_point_out_of_range(%arg0: tensor<4xf32>) {
  %0 = qedge.quantize %arg0 : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.1:128>>
  return
}
