func.func @calibrate_kept(%arg0: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qedge.calibrate %arg0 : tensor<4xf32>
  %1 = qedge.calibrate %arg0 : tensor<4xf32>
  %2 = qedge.calibrate %arg0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}
