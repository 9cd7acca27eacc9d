func.func @no_arguments() -> tensor<2xf32> {
  %c = arith.constant dense<1.0> : tensor<2xf32>
  %0 = qedge.calibrate %c : tensor<2xf32>
  return %0 : tensor<2xf32>
}
