func.func @accumulator_just_below(%x: tensor<1x1x1x3x!quant.uniform<i16:f32, 0.0009765625>>) -> tensor<1x1x1x1x!quant.uniform<i16:f32, 0.0009765625>> {
  %wi = arith.constant dense<[[[[32767, -32767, 1]]]]> : tensor<1x1x1x3xi16>
  %w = quant.scast %wi : tensor<1x1x1x3xi16> to tensor<1x1x1x3x!quant.uniform<i16:f32, 1.0>>
  %bi = arith.constant dense<-32767> : tensor<1xi32>
  %b = quant.scast %bi : tensor<1xi32> to tensor<1x!quant.uniform<i32:f32, 0.0009765625>>
  %y = qedge.conv2d %x, %w, %b : (tensor<1x1x1x3x!quant.uniform<i16:f32, 0.0009765625>>, tensor<1x1x1x3x!quant.uniform<i16:f32, 1.0>>, tensor<1x!quant.uniform<i32:f32, 0.0009765625>>) -> tensor<1x1x1x1x!quant.uniform<i16:f32, 0.0009765625>>
  return %y : tensor<1x1x1x1x!quant.uniform<i16:f32, 0.0009765625>>
}
