func.func @clamp_order(%x: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.clamp %x {clamp_min = 6.0 : f32, clamp_max = 0.0 : f32} : tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}
