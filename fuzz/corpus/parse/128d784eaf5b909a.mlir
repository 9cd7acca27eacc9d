func.func @fully_connected_fp32_i64(%x: tensor<1x4x!quant.uniform<i16:f32, 0.1>>) -> tensor<1x1x!quant.uniform<i16:f32, 0.1>> {
  %wi = arith.constant dense<32767> : tensor<1x4xi16>
  %w = quant.scast %wi : tensor<1x4xi16> to tensor<1x4x!quant.uniform<i16:f32, 0.001>>
  %0 = qedge.fully_connected %x, %w {rounding = #qedge.rounding<fp32>} : (tensor<1x4x!quant.uniform<i16:f32, 0.1>>, tensor<1x4x!quant.uniform<i16:f32, 0.001>>) -> tensor<1x1x!quant.uniform<i16:f32, 0.1>>
  return %0 : tensor<1x1x!quant.uniform<i16:f32, 0.1>>
}
