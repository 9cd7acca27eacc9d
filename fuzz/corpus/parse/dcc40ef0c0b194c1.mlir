func.func @override(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32> {
  %xc = qedge.calibrate %x stats <count = 2, min = 0.0, max = 255.0, mean = 127.5, std = 127.5, batch_min = [0.0], batch_max = [255.0], bins = 2, histogram_range = 256.0, positive = [1, 1], negative = []> : tensor<1x2x2x1xf32>
  %w = "tosa.const"() {values = dense<[[[[127.0]]], [[[-63.5]]]]> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() {values = dense<[3.0, -1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %conv = tosa.conv2d %xc, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, qedge.activation_bits = 4 : i64} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %cc = qedge.calibrate %conv stats <count = 2, min = -64.0, max = 191.0, mean = 63.5, std = 127.5, batch_min = [-64.0], batch_max = [191.0], bins = 2, histogram_range = 256.0, positive = [0, 1], negative = [1]> : tensor<1x2x2x2xf32>
  return %cc : tensor<1x2x2x2xf32>
}
