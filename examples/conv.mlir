// A quantized 3x3 convolution (3 -> 4 channels, stride 2, same padding,
// fused ReLU6) whose float weights and bias quantize at compile time: run
// `qedge-opt conv.mlir --canonicalize` to see them become integer constants.
!input = tensor<1x8x8x3x!quant.uniform<i8:f32, 0.05:-3>>
!filter = tensor<4x3x3x3x!quant.uniform<i8<-127:127>:f32:0, {0.00594488, 0.00472441, 0.00470866, 0.00529921}>>
!bias = tensor<4x!quant.uniform<i32:f32:0, {0.000297244, 0.00023622, 0.000235433, 0.000264961}>>
!output = tensor<1x4x4x4x!quant.uniform<u8:f32, 0.0235294:0>>

func.func @conv(%x: tensor<1x8x8x3xf32>) -> tensor<1x4x4x4xf32> {
  %w = arith.constant dense<[[[[0.0, 0.09, -0.082], [-0.267, -0.136, -0.297], [0.018, 0.402, -0.148]], [[-0.186, 0.147, 0.107], [0.032, -0.279, -0.009], [0.209, -0.403, -0.137]], [[-0.57, -0.387, -0.553], [-0.071, -0.38, 0.081], [0.047, -0.056, -0.755]]], [[[-0.162, -0.015, 0.034], [-0.459, -0.143, -0.294], [-0.243, 0.318, -0.242]], [[-0.01, 0.265, -0.175], [-0.034, 0.033, 0.019], [-0.368, 0.023, 0.408]], [[-0.464, 0.258, 0.036], [-0.192, 0.6, 0.229], [-0.36, 0.022, 0.173]]], [[[-0.057, 0.205, -0.02], [0.2, 0.432, -0.203], [0.061, -0.139, 0.038]], [[-0.356, -0.174, -0.059], [0.27, 0.344, -0.397], [-0.238, 0.194, -0.598]], [[-0.139, -0.029, 0.377], [0.207, -0.098, -0.111], [-0.075, 0.457, -0.128]]], [[[-0.091, 0.106, -0.036], [-0.059, -0.334, -0.003], [-0.133, 0.35, 0.196]], [[-0.007, 0.201, -0.102], [0.316, -0.002, 0.175], [-0.387, 0.104, -0.506]], [[-0.611, -0.091, -0.27], [0.049, 0.673, -0.25], [-0.187, 0.062, 0.148]]]]> : tensor<4x3x3x3xf32>
  %b = arith.constant dense<[-0.0088, -0.0103, 0.0351, 0.026]> : tensor<4xf32>
  %xq = qedge.quantize %x : tensor<1x8x8x3xf32> -> !input
  %wq = qedge.quantize %w : tensor<4x3x3x3xf32> -> !filter
  %bq = qedge.quantize %b : tensor<4xf32> -> !bias
  %yq = qedge.conv2d %xq, %wq, %bq {
      strides = array<i64: 2, 2>, padding = array<i64: 0, 1, 0, 1>,
      clamp_min = 0.0 : f32, clamp_max = 6.0 : f32}
      : (!input, !filter, !bias) -> !output
  %y = qedge.dequantize %yq : !output -> tensor<1x4x4x4xf32>
  return %y : tensor<1x4x4x4xf32>
}
