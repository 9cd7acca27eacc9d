func.func @fully_connected_clamp_concat(%x: tensor<2x16x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<2x8x!quant.uniform<i8:f32, 1.0:-4>> {
  %wi = arith.constant dense<3> : tensor<4x16xi8>
  %w = quant.scast %wi : tensor<4x16xi8> to tensor<4x16x!quant.uniform<i8:f32, 0.25>>
  %y = qedge.fully_connected %x, %w : (tensor<2x16x!quant.uniform<i8:f32, 0.5:1>>, tensor<4x16x!quant.uniform<i8:f32, 0.25>>) -> tensor<2x4x!quant.uniform<i8:f32, 1.0:-4>>
  %r = qedge.clamp %y {clamp_min = 0.0 : f32} : tensor<2x4x!quant.uniform<i8:f32, 1.0:-4>>
  %c = qedge.concat %r, %y {axis = 1 : i64} : (tensor<2x4x!quant.uniform<i8:f32, 1.0:-4>>, tensor<2x4x!quant.uniform<i8:f32, 1.0:-4>>) -> tensor<2x8x!quant.uniform<i8:f32, 1.0:-4>>
  return %c : tensor<2x8x!quant.uniform<i8:f32, 1.0:-4>>
}
