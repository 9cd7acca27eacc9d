func.func @fully_connected(%x: tensor<2x64x!quant.uniform<i8:f32, 0.05:-3>>, %w: tensor<10x64x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.02, 0.01, 0.02, 0.01, 0.02, 0.01, 0.02}>>, %b: tensor<10x!quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3, 5.0e-4, 1.0e-3, 5.0e-4, 1.0e-3, 5.0e-4, 1.0e-3, 5.0e-4, 1.0e-3}>>) -> (tensor<2x10x!quant.uniform<i8:f32, 0.1:-128>>, tensor<2x10x!quant.uniform<i8:f32, 0.1:-128>>) {
  %0 = qedge.fully_connected %x, %w, %b {clamp_min = 0.0 : f32}
      : (tensor<2x64x!quant.uniform<i8:f32, 0.05:-3>>,
         tensor<10x64x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.02, 0.01, 0.02, 0.01, 0.02, 0.01, 0.02}>>,
         tensor<10x!quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3, 5.0e-4, 1.0e-3, 5.0e-4, 1.0e-3, 5.0e-4, 1.0e-3, 5.0e-4, 1.0e-3}>>)
      -> tensor<2x10x!quant.uniform<i8:f32, 0.1:-128>>
  %1 = qedge.fully_connected %x, %w {rounding = #qedge.rounding<fp32>}
      : (tensor<2x64x!quant.uniform<i8:f32, 0.05:-3>>,
         tensor<10x64x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.02, 0.01, 0.02, 0.01, 0.02, 0.01, 0.02}>>)
      -> tensor<2x10x!quant.uniform<i8:f32, 0.1:-128>>
  return %0, %1 : tensor<2x10x!quant.uniform<i8:f32, 0.1:-128>>, tensor<2x10x!quant.uniform<i8:f32, 0.1:-128>>
}
