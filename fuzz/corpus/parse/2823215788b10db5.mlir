func.func @clamp(%x: tensor<4x!quant.uniform<u8:f32, 0.1>>) -> (tensor<4x!quant.uniform<u8:f32, 0.1>>, tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  %0 = qedge.clamp %x {clamp_min = 0.0 : f32} : tensor<4x!quant.uniform<u8:f32, 0.1>>
  %1 = qedge.clamp %x {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : tensor<4x!quant.uniform<u8:f32, 0.1>>
  return %0, %1 : tensor<4x!quant.uniform<u8:f32, 0.1>>, tensor<4x!quant.uniform<u8:f32, 0.1>>
}
