func.func @per_axis_zero_point_out_of_range(%arg0: tensor<2x3xf32>) {
  %0 = qedge.quantize %arg0 : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<u8:f32:1, {0.1:0, 0.2:256, 0.3:5}>>
  return
}
