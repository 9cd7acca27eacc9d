func.func @per_axis_size_mismatch(%arg0: tensor<2x4xf32>) {
  %0 = qedge.quantize %arg0 : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>
  return
}
