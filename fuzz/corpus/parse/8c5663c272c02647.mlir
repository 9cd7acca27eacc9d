func.func @stats_negative_std(%arg0: tensor<4xf32>) {
  %0 = qedge.calibrate %arg0 stats <count = 6, min = -1.5, max = 2.25, mean = 0.125, std = -1.0, batch_min = [-1.5, -0.5], batch_max = [2.25, 1.0], bins = 4, histogram_range = 4.0, positive = [1, 2, 1], negative = [1, 1]> : tensor<4xf32>
  return
}
