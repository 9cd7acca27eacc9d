// RUN: qedge-opt %s -split-input-file -qedge-fold-quant | FileCheck %s

// fully_connected is the 1x1 convolution of the one-row image [1, 1, N, IN]
// (the rows are pixels) with [OUT, 1, 1, IN]: Zx = 1, weights [[1, 2, 3], [-1, -2, 4]] per channel at
// {0.25, 0.5}, bias [10, -10]: bias' = b - Zx * Σw = [10 - 6, -10 - 1] =
// [4, -11]. M = 0.5 * {0.25, 0.5} / 1 = {0.125, 0.25} -> (2^30, -2) and
// (2^30, -1). ReLU: Zy + 0 = -4. The i32 accumulator of int_conv2d is ONNX's
// MatMulInteger; the result is collapsed back to [N, OUT].
// CHECK-LABEL: func @fully_connected
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xi8>) -> tensor<2x2xi8>
func.func @fully_connected(%x: tensor<2x3x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<2x2x!quant.uniform<i8:f32, 1.0:-4>> {
  // CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}1, 2, 3], [-1, -2, 4]]> : tensor<2x3xi8>
  // CHECK-DAG: %[[XE:.*]] = tensor.expand_shape %[[X]] {{\[\[}}0, 1, 2], [3]] output_shape [1, 1, 2, 3] : tensor<2x3xi8> into tensor<1x1x2x3xi8>
  // CHECK-DAG: %[[WE:.*]] = tensor.expand_shape %[[W]] {{\[\[}}0, 1, 2], [3]] output_shape [2, 1, 1, 3] : tensor<2x3xi8> into tensor<2x1x1x3xi8>
  // CHECK-DAG: %[[B:.*]] = arith.constant dense<[4, -11]> : tensor<2xi32>
  // CHECK: %[[ACC:.*]] = qedge.int_conv2d %[[XE]], %[[WE]], %[[B]] {pad_value = 1 : i64} : (tensor<1x1x2x3xi8>, tensor<2x1x1x3xi8>, tensor<2xi32>) -> tensor<1x1x2x2xi32>
  // CHECK: %[[Y:.*]] = qedge.rescale %[[ACC]] {clamp_max = 127 : i64, clamp_min = -4 : i64, multiplier = array<i32: 1073741824, 1073741824>, output_zp = -4 : i64, shift = array<i32: -2, -1>} : tensor<1x1x2x2xi32> -> tensor<1x1x2x2xi8>
  // CHECK: %[[R:.*]] = tensor.collapse_shape %[[Y]] {{\[\[}}0, 1, 2], [3]] : tensor<1x1x2x2xi8> into tensor<2x2xi8>
  // CHECK: return %[[R]]
  %wi = arith.constant dense<[[1, 2, 3], [-1, -2, 4]]> : tensor<2x3xi8>
  %w = quant.scast %wi : tensor<2x3xi8> to tensor<2x3x!quant.uniform<i8:f32:0, {0.25, 0.5}>>
  %bi = arith.constant dense<[10, -10]> : tensor<2xi32>
  %b = quant.scast %bi : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {0.125, 0.25}>>
  %y = qedge.fully_connected %x, %w, %b {clamp_min = 0.0 : f32} : (tensor<2x3x!quant.uniform<i8:f32, 0.5:1>>, tensor<2x3x!quant.uniform<i8:f32:0, {0.25, 0.5}>>, tensor<2x!quant.uniform<i32:f32:0, {0.125, 0.25}>>) -> tensor<2x2x!quant.uniform<i8:f32, 1.0:-4>>
  return %y : tensor<2x2x!quant.uniform<i8:f32, 1.0:-4>>
}

// -----

// u8 x u8 with a weight zero point: Zx = 128, Zw = 100, K = 2, w = [101, 99],
// no bias: bias' = 0 - 128 * 200 + 2 * 128 * 100 = 0; filter_zp keeps the
// run-time Zw * Σx term. fp32: M = fl32(fl32(0.5 * 0.25) / 1) = 0.125.
// CHECK-LABEL: func @fully_connected_u8_fp32
func.func @fully_connected_u8_fp32(%x: tensor<1x2x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x1x!quant.uniform<u8:f32, 1.0:3>> {
  // CHECK: qedge.int_conv2d {{.*}} {filter_unsigned, filter_zp = array<i64: 100>, input_unsigned, pad_value = 128 : i64}
  // CHECK: qedge.rescale {{.*}} {clamp_max = 255 : i64, clamp_min = 0 : i64, output_unsigned, output_zp = 3 : i64, rounding = #qedge.rounding<fp32>, scale = array<f32: 1.250000e-01>}
  %wi = arith.constant dense<[[101, 99]]> : tensor<1x2xi8>
  %w = quant.scast %wi : tensor<1x2xi8> to tensor<1x2x!quant.uniform<u8:f32, 0.25:100>>
  %y = qedge.fully_connected %x, %w {rounding = #qedge.rounding<fp32>} : (tensor<1x2x!quant.uniform<u8:f32, 0.5:128>>, tensor<1x2x!quant.uniform<u8:f32, 0.25:100>>) -> tensor<1x1x!quant.uniform<u8:f32, 1.0:3>>
  return %y : tensor<1x1x!quant.uniform<u8:f32, 1.0:3>>
}
