// The program of the malformed-input tests: @main negates a [2, 3] float32
// tensor, which a qedge.calibrate marks, so that every tool takes it.
func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qedge.calibrate %x : tensor<2x3xf32>
  %1 = arith.negf %0 : tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
