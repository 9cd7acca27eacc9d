func.func @no_statistics(%x: tensor<4xf32>) -> tensor<4xf32> {
  %xc = qedge.calibrate %x : tensor<4xf32>
  return %xc : tensor<4xf32>
}
