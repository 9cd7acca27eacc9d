func.func @not_uniform(%arg0: tensor<4xf32>) {
  %0 = qedge.quantize %arg0 : tensor<4xf32> -> tensor<4x!quant.any<i8:f32>>
  return
}
