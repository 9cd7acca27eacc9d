func.func @quantize_constant() -> tensor<9x!quant.uniform<i8:f32, 0.1:-3>> {
  %cst = arith.constant dense<[0.25, -0.05, 0.15, 100.0, -100.0, 0.0, 0x7FC00000, 0x7F800000, 0xFF800000]> : tensor<9xf32>
  %0 = qedge.quantize %cst : tensor<9xf32> -> tensor<9x!quant.uniform<i8:f32, 0.1:-3>>
  return %0 : tensor<9x!quant.uniform<i8:f32, 0.1:-3>>
}
