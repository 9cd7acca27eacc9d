func.func @i2_quantize(%arg0: tensor<4xf32>) {
  %0 = qedge.quantize %arg0 : tensor<4xf32> -> tensor<4x!quant.uniform<i2:f32, 0.1>>
  return
}
