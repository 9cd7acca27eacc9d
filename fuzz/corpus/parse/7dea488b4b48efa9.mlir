func.func @clamp_nan(%x: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.clamp %x {clamp_min = 0x7FC00000 : f32} : tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}
