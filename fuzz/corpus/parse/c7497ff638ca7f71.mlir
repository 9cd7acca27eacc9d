func.func @f(%arg0: tensor<2xf32>) -> (tensor<2x!quant.uniform<i8:f32, 0.5>>, tensor<2x!quant.uniform<i8:f32, 0.5>>) {
  %0 = qedge.calibrate %arg0 : tensor<2xf32>
  %1 = qedge.quantize %0 : tensor<2xf32> -> tensor<2x!quant.uniform<i8:f32, 0.5>>
  %cst = arith.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %2 = qedge.quantize %cst : tensor<2xf32> -> tensor<2x!quant.uniform<i8:f32, 0.5>>
  return %1, %2 : tensor<2x!quant.uniform<i8:f32, 0.5>>, tensor<2x!quant.uniform<i8:f32, 0.5>>
}
