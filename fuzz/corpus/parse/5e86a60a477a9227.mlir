func.func @quantize_constant_nbit() -> tensor<2x2x!quant.uniform<i8<-8:7>:f32:1, {1.0, 2.0}>> {
  %cst = arith.constant dense<[[3.0, 3.0], [-20.0, 15.0]]> : tensor<2x2xf32>
  %0 = qedge.quantize %cst : tensor<2x2xf32> -> tensor<2x2x!quant.uniform<i8<-8:7>:f32:1, {1.0, 2.0}>>
  return %0 : tensor<2x2x!quant.uniform<i8<-8:7>:f32:1, {1.0, 2.0}>>
}
