func.func @per_axis_dimension_out_of_range(%arg0: tensor<2x3xf32>) {
  %0 = qedge.quantize %arg0 : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32:2, {0.1, 0.2}>>
  return
}
