func.func @conv_per_tensor(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<1x4x4x1x!quant.uniform<i8:f32, 1.0:-4>> {
  %wi = arith.constant dense<[[[[2, -3]]]]> : tensor<1x1x1x2xi8>
  %w = quant.scast %wi : tensor<1x1x1x2xi8> to tensor<1x1x1x2x!quant.uniform<i8:f32, 0.25>>
  %bi = arith.constant dense<10> : tensor<1xi32>
  %b = quant.scast %bi : tensor<1xi32> to tensor<1x!quant.uniform<i32:f32, 0.125>>
  %y = qedge.conv2d %x, %w, %b : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.5:1>>, tensor<1x1x1x2x!quant.uniform<i8:f32, 0.25>>, tensor<1x!quant.uniform<i32:f32, 0.125>>) -> tensor<1x4x4x1x!quant.uniform<i8:f32, 1.0:-4>>
  return %y : tensor<1x4x4x1x!quant.uniform<i8:f32, 1.0:-4>>
}
