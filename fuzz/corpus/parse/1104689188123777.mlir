func.func @bias_not_constant(%x: tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, %b: tensor<1x!quant.uniform<i32:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>> {
  %wi = arith.constant dense<1> : tensor<1x1x1x1xi8>
  %w = quant.scast %wi : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
  %y = qedge.conv2d %x, %w, %b : (tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, tensor<1x!quant.uniform<i32:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
  return %y : tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
}
