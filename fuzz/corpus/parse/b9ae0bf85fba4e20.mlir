func.func @fully_connected(%x: tensor<2x3x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<2x2x!quant.uniform<i8:f32, 1.0:-4>> {
  %wi = arith.constant dense<[[1, 2, 3], [-1, -2, 4]]> : tensor<2x3xi8>
  %w = quant.scast %wi : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32:0, {0.25, 0.5}>>
  %bi = arith.constant dense<[10, -10]> : tensor<2xi32>
  %b = quant.scast %bi : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {0.125, 0.25}>>
  %y = qedge.fully_connected %x, %w, %b {clamp_min = 0.0 : f32} : (tensor<2x3x!quant.uniform<i8:f32, 0.5:1>>, tensor<2x3x!quant.uniform<i8:f32:0, {0.25, 0.5}>>, tensor<2x!quant.uniform<i32:f32:0, {0.125, 0.25}>>) -> tensor<2x2x!quant.uniform<i8:f32, 1.0:-4>>
  return %y : tensor<2x2x!quant.uniform<i8:f32, 1.0:-4>>
}
