func.func @quantize_from_integer(%arg0: tensor<4xi8>) {
  %0 = qedge.quantize %arg0 : tensor<4xi8> -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}
