func.func @strip(%arg0: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = qedge.calibrate %arg0 : tensor<4xf32>
  %1 = arith.addf %0, %0 : tensor<4xf32>
  %2 = qedge.calibrate %1 stats <count = 4, min = 0.0, max = 2.0,
      mean = 1.0, std = 1.0, batch_min = [0.0],
      batch_max = [2.0], bins = 2, histogram_range = 4.0,
      positive = [1, 3], negative = []> : tensor<4xf32>
  return %0, %2 : tensor<4xf32>, tensor<4xf32>
}
