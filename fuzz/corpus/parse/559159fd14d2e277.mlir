func.func @clamp(%x: tensor<4x!quant.uniform<i8:f32, 0.5:1>>, %u: tensor<4x!quant.uniform<u8:f32, 0.5:200>>) -> (tensor<4x!quant.uniform<i8:f32, 0.5:1>>, tensor<4x!quant.uniform<u8:f32, 0.5:200>>) {
  %0 = qedge.clamp %x {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : tensor<4x!quant.uniform<i8:f32, 0.5:1>>
  %1 = qedge.clamp %u {clamp_min = 0.0 : f32} : tensor<4x!quant.uniform<u8:f32, 0.5:200>>
  return %0, %1 : tensor<4x!quant.uniform<i8:f32, 0.5:1>>, tensor<4x!quant.uniform<u8:f32, 0.5:200>>
}
