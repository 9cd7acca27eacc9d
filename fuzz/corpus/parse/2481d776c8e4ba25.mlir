func.func @sub_byte_storage(%arg0: tensor<4xf32>) {
  %0 = qedge.quantize %arg0 : tensor<4xf32> -> tensor<4x!quant.uniform<i4:f32, 0.1>>
  return
}
