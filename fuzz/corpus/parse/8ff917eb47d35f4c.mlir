func.func @network(%x: tensor<1x4x4x2xf32>) -> tensor<1x1x5xf32> {
  %w = "tosa.const"() {values = dense<0.5> : tensor<3x1x1x2xf32>} : () -> tensor<3x1x1x2xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<3xf32>} : () -> tensor<3xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %conv = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  %relu = tosa.clamp %conv {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32> loc("relu1")
  %sum = tosa.add %relu, %relu : (tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  %shape = tosa.const_shape {values = dense<[1, 1, 48]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %flat = tosa.reshape %sum, %shape : (tensor<1x4x4x3xf32>, !tosa.shape<3>) -> tensor<1x1x48xf32>
  %fw = "tosa.const"() {values = dense<0.25> : tensor<1x48x5xf32>} : () -> tensor<1x48x5xf32>
  %mm = tosa.matmul %flat, %fw, %zp, %zp : (tensor<1x1x48xf32>, tensor<1x48x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x5xf32>
  return %mm : tensor<1x1x5xf32>
}
