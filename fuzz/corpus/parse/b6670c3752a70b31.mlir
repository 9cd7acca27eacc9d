func.func @fully_connected_u8_fp32(%x: tensor<1x2x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x1x!quant.uniform<u8:f32, 1.0:3>> {
  %wi = arith.constant dense<[[101, 99]]> : tensor<1x2xi8>
  %w = quant.scast %wi : tensor<1x2xi8> to tensor<1x2x!quant.uniform<u8:f32, 0.25:100>>
  %y = qedge.fully_connected %x, %w {rounding = #qedge.rounding<fp32>} : (tensor<1x2x!quant.uniform<u8:f32, 0.5:128>>, tensor<1x2x!quant.uniform<u8:f32, 0.25:100>>) -> tensor<1x1x!quant.uniform<u8:f32, 1.0:3>>
  return %y : tensor<1x1x!quant.uniform<u8:f32, 1.0:3>>
}
