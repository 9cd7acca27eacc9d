func.func @dequantize_per_axis(%q: tensor<2x3x!quant.uniform<u8:f32:0, {0.5:1, 0.25:2}>>) -> tensor<2x3xf32> {
  %0 = qedge.dequantize %q : tensor<2x3x!quant.uniform<u8:f32:0, {0.5:1, 0.25:2}>> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
