func.func @clamp_per_axis(%x: tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) {
  %0 = qedge.clamp %x {clamp_min = 0.0 : f32} : tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>
  return
}
