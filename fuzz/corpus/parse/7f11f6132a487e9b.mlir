func.func @quantize_shape_mismatch(%arg0: tensor<4xf32>) {
  %0 = qedge.quantize %arg0 : tensor<4xf32> -> tensor<5x!quant.uniform<i8:f32, 0.1>>
  return
}
