func.func @main(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qedge.calibrate %x : tensor<2x3xf32>
  %1 = tosa.clamp %0 {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<2x3xf32>) -> tensor<2x3xf32> loc("relu")
  %2 = qedge.calibrate %1 : tensor<2x3xf32> loc("relu")
  return %2 : tensor<2x3xf32>
}

func.func @unmarked(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  return %x : tensor<2x3xf32>
}
