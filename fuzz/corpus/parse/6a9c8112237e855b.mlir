func.func @clamp_outside(%x: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  %0 = qedge.clamp %x {clamp_max = -1.0 : f32} : tensor<4x!quant.uniform<u8:f32, 0.1>>
  return
}
