func.func @quantize_constant_per_axis() -> tensor<2x2x!quant.uniform<u8:f32:0, {0.5, 0.25:10}>> {
  %cst = arith.constant dense<[[1.0, -1.0], [0.125, 63.9]]> : tensor<2x2xf32>
  %0 = qedge.quantize %cst : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<u8:f32:0, {0.5, 0.25:10}>>
  return %0 : tensor<2x2x!quant.uniform<u8:f32:0, {0.5, 0.25:10}>>
}
