func.func @conv_third(%x: tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> (tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>) {
  %wi = arith.constant dense<1> : tensor<1x1x1x1xi8>
  %w = quant.scast %wi : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
  %0 = qedge.conv2d %x, %w : (tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>
  %1 = qedge.conv2d %x, %w {rounding = #qedge.rounding<rndnu>} : (tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>
  %2 = qedge.conv2d %x, %w {rounding = #qedge.rounding<fp32>} : (tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>
  return %0, %1, %2 : tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 3.0>>
}
