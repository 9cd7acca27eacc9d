// RUN: qedge-opt %s -split-input-file | FileCheck %s
// RUN: qedge-opt %s -split-input-file -mlir-print-op-generic | qedge-opt -split-input-file | FileCheck %s
// Round trip: the custom form and the generic form print the same IR.

// CHECK-LABEL: func @calibrate
func.func @calibrate(%arg0: tensor<1x8x8x3xf32>) -> (tensor<1x8x8x3xf32>, tensor<1x8x8x3xf32>) {
  // CHECK: qedge.calibrate %{{.*}} : tensor<1x8x8x3xf32>
  %0 = qedge.calibrate %arg0 : tensor<1x8x8x3xf32>
  // CHECK: qedge.calibrate %{{.*}} stats <count = 6, min = -1.500000e+00, max = 2.250000e+00, mean = 1.250000e-01, std = 1.250000e+00, batch_min = [-1.500000e+00, -5.000000e-01], batch_max = [2.250000e+00, 1.000000e+00], bins = 4, histogram_range = 4.000000e+00, positive = [1, 2, 1], negative = [1, 1]> : tensor<1x8x8x3xf32>
  %1 = qedge.calibrate %arg0 stats <count = 6, min = -1.5, max = 2.25,
      mean = 0.125, std = 1.25, batch_min = [-1.5, -0.5],
      batch_max = [2.25, 1.0], bins = 4, histogram_range = 4.0,
      positive = [1, 2, 1], negative = [1, 1]> : tensor<1x8x8x3xf32>
  return %0, %1 : tensor<1x8x8x3xf32>, tensor<1x8x8x3xf32>
}

// -----

// The statistics keep every digit of a double; empty trailing bins are left
// out (here every element is fl32(0.3), in positive bin 0 of 2 over [0, 0.5)).
// CHECK-LABEL: func @calibrate_exact_stats
func.func @calibrate_exact_stats(%arg0: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: stats <count = 4, min = 0.30000001192092896, max = 0.30000001192092896, mean = 0.30000001192092896, std = 0.000000e+00, batch_min = [3.000000e-01], batch_max = [3.000000e-01], bins = 2, histogram_range = 5.000000e-01, positive = [4], negative = []>
  %0 = qedge.calibrate %arg0 stats <count = 4, min = 0.30000001192092896,
      max = 0.30000001192092896, mean = 0.30000001192092896, std = 0.0,
      batch_min = [0.30000001192092896],
      batch_max = [0.30000001192092896], bins = 2,
      histogram_range = 0.5, positive = [4], negative = []> : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @quantize
func.func @quantize(%arg0: tensor<1x8x8x3xf32>) -> tensor<1x8x8x3x!quant.uniform<i8:f32, 0.05:-3>> {
  // CHECK: qedge.quantize %{{.*}} : tensor<1x8x8x3xf32> -> tensor<1x8x8x3x!quant.uniform<i8:f32, 5.000000e-02:-3>>
  %0 = qedge.quantize %arg0 : tensor<1x8x8x3xf32>
      -> tensor<1x8x8x3x!quant.uniform<i8:f32, 0.05:-3>>
  return %0 : tensor<1x8x8x3x!quant.uniform<i8:f32, 0.05:-3>>
}

// -----

// N-bit storage in an i8 or i16 container, and per-axis quantization.
// CHECK-LABEL: func @quantize_nbit_per_axis
func.func @quantize_nbit_per_axis(%arg0: tensor<2x3xf32>) -> (tensor<2x3x!quant.uniform<i8<-8:7>:f32, 1.000000e-01:0>>, tensor<2x3x!quant.uniform<u8<0:15>:f32:1, {1.0e-1:8, 2.0e-1:0, 3.0e-1:15}>>, tensor<2x3x!quant.uniform<i16:f32, 1.000000e-03:-7>>) {
  // CHECK: -> tensor<2x3x!quant.uniform<i8<-8:7>:f32, 1.000000e-01>>
  %0 = qedge.quantize %arg0 : tensor<2x3xf32>
      -> tensor<2x3x!quant.uniform<i8<-8:7>:f32, 0.1:0>>
  // CHECK: -> tensor<2x3x!quant.uniform<u8<0:15>:f32:1, {1.000000e-01:8,2.000000e-01,3.000000e-01:15}>>
  %1 = qedge.quantize %arg0 : tensor<2x3xf32>
      -> tensor<2x3x!quant.uniform<u8<0:15>:f32:1, {0.1:8, 0.2:0, 0.3:15}>>
  // CHECK: -> tensor<2x3x!quant.uniform<i16:f32, 1.000000e-03:-7>>
  %2 = qedge.quantize %arg0 : tensor<2x3xf32>
      -> tensor<2x3x!quant.uniform<i16:f32, 0.001:-7>>
  return %0, %1, %2 : tensor<2x3x!quant.uniform<i8<-8:7>:f32, 1.000000e-01:0>>, tensor<2x3x!quant.uniform<u8<0:15>:f32:1, {1.0e-1:8, 2.0e-1:0, 3.0e-1:15}>>, tensor<2x3x!quant.uniform<i16:f32, 1.000000e-03:-7>>
}

// -----

// CHECK-LABEL: func @dequantize
func.func @dequantize(%arg0: tensor<16x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<16xf32> {
  // CHECK: qedge.dequantize %{{.*}} : tensor<16x!quant.uniform<u8:f32, 1.000000e-01:128>> -> tensor<16xf32>
  %0 = qedge.dequantize %arg0 : tensor<16x!quant.uniform<u8:f32, 0.1:128>>
      -> tensor<16xf32>
  return %0 : tensor<16xf32>
}

// -----

// The default rounding is elided when printed.
// CHECK-LABEL: func @requantize
func.func @requantize(%arg0: tensor<8x!quant.uniform<i8:f32, 0.1:3>>) -> (tensor<8x!quant.uniform<i8:f32, 0.2:-1>>, tensor<8x!quant.uniform<i8:f32, 0.2:-1>>, tensor<8x!quant.uniform<u8:f32, 0.2:128>>) {
  // CHECK: qedge.requantize %{{.*}} {rounding = #qedge.rounding<rndnu>} : tensor<8x!quant.uniform<i8:f32, 1.000000e-01:3>> -> tensor<8x!quant.uniform<i8:f32, 2.000000e-01:-1>>
  %0 = qedge.requantize %arg0 {rounding = #qedge.rounding<rndnu>}
      : tensor<8x!quant.uniform<i8:f32, 0.1:3>>
      -> tensor<8x!quant.uniform<i8:f32, 0.2:-1>>
  // CHECK: qedge.requantize %{{.*}} : tensor<8x!quant.uniform<i8:f32, 1.000000e-01:3>> -> tensor<8x!quant.uniform<i8:f32, 2.000000e-01:-1>>
  %1 = qedge.requantize %arg0 {rounding = #qedge.rounding<gemmlowp>}
      : tensor<8x!quant.uniform<i8:f32, 0.1:3>>
      -> tensor<8x!quant.uniform<i8:f32, 0.2:-1>>
  // CHECK: qedge.requantize %{{.*}} {rounding = #qedge.rounding<fp32>}
  %2 = qedge.requantize %arg0 {rounding = #qedge.rounding<fp32>}
      : tensor<8x!quant.uniform<i8:f32, 0.1:3>>
      -> tensor<8x!quant.uniform<u8:f32, 0.2:128>>
  return %0, %1, %2 : tensor<8x!quant.uniform<i8:f32, 0.2:-1>>, tensor<8x!quant.uniform<i8:f32, 0.2:-1>>, tensor<8x!quant.uniform<u8:f32, 0.2:128>>
}

// -----

// PyTorch's qnnpack arithmetic, on the ops that take it.
// CHECK-LABEL: func @qnnpack
func.func @qnnpack(%r: tensor<1x4x4x2xf32>, %w: tensor<3x1x1x2x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>) -> tensor<1x2x2x3x!quant.uniform<u8:f32, 0.3:2>> {
  // CHECK: qedge.quantize %{{.*}} {rounding = #qedge.rounding<qnnpack>}
  %x = qedge.quantize %r {rounding = #qedge.rounding<qnnpack>} : tensor<1x4x4x2xf32> -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.05:128>>
  // CHECK: qedge.conv2d %{{.*}}, %{{.*}} {clamp_min = 0.000000e+00 : f32, rounding = #qedge.rounding<qnnpack>}
  %y = qedge.conv2d %x, %w {clamp_min = 0.0 : f32, rounding = #qedge.rounding<qnnpack>} : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.05:128>>, tensor<3x1x1x2x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>) -> tensor<1x4x4x3x!quant.uniform<u8:f32, 0.3:2>>
  // CHECK: qedge.avg_pool2d %{{.*}} {kernel = array<i64: 2, 2>, rounding = #qedge.rounding<qnnpack>, strides = array<i64: 2, 2>}
  %p = qedge.avg_pool2d %y {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, rounding = #qedge.rounding<qnnpack>} : tensor<1x4x4x3x!quant.uniform<u8:f32, 0.3:2>> -> tensor<1x2x2x3x!quant.uniform<u8:f32, 0.3:2>>
  return %p : tensor<1x2x2x3x!quant.uniform<u8:f32, 0.3:2>>
}

// -----

// The example of the op's description: strided, padded, per-channel weights,
// bias, fused ReLU6.
// CHECK-LABEL: func @conv2d
func.func @conv2d(%input: tensor<1x8x8x3x!quant.uniform<i8:f32, 0.05:-3>>,
                  %filter: tensor<4x3x3x3x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.04}>>,
                  %bias: tensor<4x!quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3, 5.0e-4, 2.0e-3}>>)
    -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1:-128>> {
  // CHECK: qedge.conv2d %{{.*}}, %{{.*}}, %{{.*}} {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
  // CHECK-SAME: -> tensor<1x4x4x4x!quant.uniform<i8:f32, 1.000000e-01:-128>>
  %0 = qedge.conv2d %input, %filter, %bias {
      strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>,
      clamp_min = 0.0 : f32, clamp_max = 6.0 : f32}
      : (tensor<1x8x8x3x!quant.uniform<i8:f32, 0.05:-3>>,
         tensor<4x3x3x3x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.04}>>,
         tensor<4x!quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3, 5.0e-4, 2.0e-3}>>)
      -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1:-128>>
  return %0 : tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1:-128>>
}

// -----

// Default attributes (unit stride, no padding, unit dilation, one group,
// gemmlowp rounding) are elided; no bias.
// CHECK-LABEL: func @conv2d_defaults
func.func @conv2d_defaults(%input: tensor<2x5x7x4x!quant.uniform<u8:f32, 0.02:128>>,
                           %filter: tensor<6x1x1x4x!quant.uniform<u8:f32, 0.01:120>>)
    -> tensor<2x5x7x6x!quant.uniform<u8:f32, 0.1:0>> {
  // CHECK: qedge.conv2d %{{.*}}, %{{.*}} : (tensor<2x5x7x4x!quant.uniform<u8:f32, 2.000000e-02:128>>, tensor<6x1x1x4x!quant.uniform<u8:f32, 1.000000e-02:120>>) -> tensor<2x5x7x6x!quant.uniform<u8:f32, 1.000000e-01>>
  %0 = qedge.conv2d %input, %filter {strides = array<i64: 1, 1>, groups = 1,
      rounding = #qedge.rounding<gemmlowp>}
      : (tensor<2x5x7x4x!quant.uniform<u8:f32, 0.02:128>>,
         tensor<6x1x1x4x!quant.uniform<u8:f32, 0.01:120>>)
      -> tensor<2x5x7x6x!quant.uniform<u8:f32, 0.1:0>>
  return %0 : tensor<2x5x7x6x!quant.uniform<u8:f32, 0.1:0>>
}

// -----

// Depthwise: groups = input channels, two outputs per channel; dilation 2;
// asymmetric padding; per-tensor bias.
// H: floor((9 + 1 + 0 - 2*(3-1) - 1) / 1) + 1 = 6; W: floor((6 + 0 + 2 - 2*(2-1) - 1) / 2) + 1 = 3.
// CHECK-LABEL: func @conv2d_depthwise
func.func @conv2d_depthwise(%input: tensor<1x9x6x3x!quant.uniform<i8:f32, 0.5:0>>,
                            %filter: tensor<6x3x2x1x!quant.uniform<i8:f32, 0.25:0>>,
                            %bias: tensor<6x!quant.uniform<i32:f32, 0.125:0>>)
    -> tensor<1x6x3x6x!quant.uniform<i8:f32, 1.0:5>> {
  // CHECK: qedge.conv2d %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 2, 2>, groups = 3 : i64, padding = array<i64: 1, 0, 0, 2>, rounding = #qedge.rounding<fp32>, strides = array<i64: 1, 2>}
  %0 = qedge.conv2d %input, %filter, %bias {strides = array<i64: 1, 2>,
      padding = array<i64: 1, 0, 0, 2>, dilations = array<i64: 2, 2>,
      groups = 3, rounding = #qedge.rounding<fp32>}
      : (tensor<1x9x6x3x!quant.uniform<i8:f32, 0.5:0>>,
         tensor<6x3x2x1x!quant.uniform<i8:f32, 0.25:0>>,
         tensor<6x!quant.uniform<i32:f32, 0.125:0>>)
      -> tensor<1x6x3x6x!quant.uniform<i8:f32, 1.0:5>>
  return %0 : tensor<1x6x3x6x!quant.uniform<i8:f32, 1.0:5>>
}

// -----

// 16x8: int16 activations with int8 weights, ReLU only (no upper bound).
// CHECK-LABEL: func @conv2d_16x8
func.func @conv2d_16x8(%input: tensor<1x4x4x2x!quant.uniform<i16:f32, 1.0e-3>>,
                       %filter: tensor<2x3x3x2x!quant.uniform<i8:f32:0, {0.01, 0.02}>>)
    -> tensor<1x2x2x2x!quant.uniform<i16:f32, 2.0e-3>> {
  // CHECK: qedge.conv2d %{{.*}}, %{{.*}} {clamp_min = 0.000000e+00 : f32}
  %0 = qedge.conv2d %input, %filter {clamp_min = 0.0 : f32}
      : (tensor<1x4x4x2x!quant.uniform<i16:f32, 1.0e-3>>,
         tensor<2x3x3x2x!quant.uniform<i8:f32:0, {0.01, 0.02}>>)
      -> tensor<1x2x2x2x!quant.uniform<i16:f32, 2.0e-3>>
  return %0 : tensor<1x2x2x2x!quant.uniform<i16:f32, 2.0e-3>>
}

// -----

//===----------------------------------------------------------------------===//
// Integer-only level
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func @int_conv2d
func.func @int_conv2d(%input: tensor<1x8x8x3xi8>, %filter: tensor<4x3x3x3xi8>, %bias: tensor<4xi32>) -> tensor<1x8x8x4xi32> {
  // CHECK: qedge.int_conv2d %{{.*}}, %{{.*}}, %{{.*}} {pad_value = -3 : i64, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>, tensor<4xi32>) -> tensor<1x8x8x4xi32>
  %acc = qedge.int_conv2d %input, %filter, %bias {
      padding = array<i64: 1, 1, 1, 1>, pad_value = -3 : i64}
      : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>, tensor<4xi32>)
      -> tensor<1x8x8x4xi32>
  return %acc : tensor<1x8x8x4xi32>
}

// -----

// u8 x u8 with per-channel filter zero points, depthwise, i64 accumulator.
// CHECK-LABEL: func @int_conv2d_u8_depthwise
func.func @int_conv2d_u8_depthwise(%input: tensor<1x6x6x2xi8>, %filter: tensor<2x3x3x1xi8>, %bias: tensor<2xi64>) -> tensor<1x2x2x2xi64> {
  // CHECK: qedge.int_conv2d {{.*}} {filter_unsigned, filter_zp = array<i64: 128, 3>, groups = 2 : i64, input_unsigned, pad_value = 255 : i64, strides = array<i64: 2, 2>}
  %acc = qedge.int_conv2d %input, %filter, %bias {strides = array<i64: 2, 2>,
      groups = 2 : i64, pad_value = 255 : i64, filter_zp = array<i64: 128, 3>,
      input_unsigned, filter_unsigned}
      : (tensor<1x6x6x2xi8>, tensor<2x3x3x1xi8>, tensor<2xi64>)
      -> tensor<1x2x2x2xi64>
  return %acc : tensor<1x2x2x2xi64>
}

// -----

// CHECK-LABEL: func @rescale
func.func @rescale(%acc: tensor<1x8x8x2xi32>, %acc64: tensor<4xi64>, %q: tensor<4xi8>) -> (tensor<1x8x8x2xi8>, tensor<1x8x8x2xi8>, tensor<4xi16>, tensor<4xi8>) {
  // CHECK: qedge.rescale %{{.*}} {clamp_max = 127 : i64, clamp_min = -128 : i64, multiplier = array<i32: 1073741824, 1518500250>, output_zp = -128 : i64, shift = array<i32: -7, -8>} : tensor<1x8x8x2xi32> -> tensor<1x8x8x2xi8>
  %0 = qedge.rescale %acc {multiplier = array<i32: 1073741824, 1518500250>,
      shift = array<i32: -7, -8>, output_zp = -128 : i64,
      clamp_min = -128 : i64, clamp_max = 127 : i64}
      : tensor<1x8x8x2xi32> -> tensor<1x8x8x2xi8>
  // CHECK: qedge.rescale %{{.*}} {output_unsigned, rounding = #qedge.rounding<fp32>, scale = array<f32: 1.250000e-01>}
  %1 = qedge.rescale %acc {scale = array<f32: 0.125>,
      rounding = #qedge.rounding<fp32>, output_unsigned}
      : tensor<1x8x8x2xi32> -> tensor<1x8x8x2xi8>
  // CHECK: qedge.rescale %{{.*}} {multiplier = array<i32: 1073741824>, rounding = #qedge.rounding<rndnu>, shift = array<i32: 7>} : tensor<4xi64> -> tensor<4xi16>
  %2 = qedge.rescale %acc64 {multiplier = array<i32: 1073741824>,
      shift = array<i32: 7>, rounding = #qedge.rounding<rndnu>}
      : tensor<4xi64> -> tensor<4xi16>
  // Requantize-style: storage in, storage out, input zero point.
  // CHECK: qedge.rescale %{{.*}} {input_unsigned, input_zp = 128 : i64, multiplier = array<i32: 1073741824>, shift = array<i32: 0>}
  %3 = qedge.rescale %q {multiplier = array<i32: 1073741824>,
      shift = array<i32: 0>, input_zp = 128 : i64, input_unsigned}
      : tensor<4xi8> -> tensor<4xi8>
  return %0, %1, %2, %3 : tensor<1x8x8x2xi8>, tensor<1x8x8x2xi8>, tensor<4xi16>, tensor<4xi8>
}

// -----

// CHECK-LABEL: func @add_sub
func.func @add_sub(%a: tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>, %b: tensor<1x1x1x16x!quant.uniform<i8:f32, 0.1:2>>, %c: tensor<2x16x!quant.uniform<u16:f32, 0.001>>) -> (tensor<1x8x8x16x!quant.uniform<i8:f32, 0.12:-10>>, tensor<1x8x8x16x!quant.uniform<i8:f32, 0.12:-10>>, tensor<2x16x!quant.uniform<u16:f32, 0.002:7>>) {
  // CHECK: qedge.add %{{.*}}, %{{.*}} {clamp_min = 0.000000e+00 : f32} : (tensor<1x8x8x16x!quant.uniform<i8:f32, 5.000000e-02:-3>>, tensor<1x1x1x16x!quant.uniform<i8:f32, 1.000000e-01:2>>) -> tensor<1x8x8x16x!quant.uniform<i8:f32, 1.200000e-01:-10>>
  %0 = qedge.add %a, %b {clamp_min = 0.0 : f32}
      : (tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>,
         tensor<1x1x1x16x!quant.uniform<i8:f32, 0.1:2>>)
      -> tensor<1x8x8x16x!quant.uniform<i8:f32, 0.12:-10>>
  // CHECK: qedge.sub %{{.*}}, %{{.*}} {rounding = #qedge.rounding<fp32>} : (tensor<1x1x1x16x
  %1 = qedge.sub %b, %a {rounding = #qedge.rounding<fp32>}
      : (tensor<1x1x1x16x!quant.uniform<i8:f32, 0.1:2>>,
         tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>)
      -> tensor<1x8x8x16x!quant.uniform<i8:f32, 0.12:-10>>
  // CHECK: qedge.add %{{.*}}, %{{.*}} {clamp_max = 6.000000e+00 : f32, rounding = #qedge.rounding<rndnu>} : (tensor<2x16x!quant.uniform<u16:f32, 1.000000e-03>>
  %2 = qedge.add %c, %c {clamp_max = 6.0 : f32, rounding = #qedge.rounding<rndnu>}
      : (tensor<2x16x!quant.uniform<u16:f32, 0.001>>,
         tensor<2x16x!quant.uniform<u16:f32, 0.001>>)
      -> tensor<2x16x!quant.uniform<u16:f32, 0.002:7>>
  return %0, %1, %2 : tensor<1x8x8x16x!quant.uniform<i8:f32, 0.12:-10>>, tensor<1x8x8x16x!quant.uniform<i8:f32, 0.12:-10>>, tensor<2x16x!quant.uniform<u16:f32, 0.002:7>>
}

// -----

// CHECK-LABEL: func @pooling
func.func @pooling(%x: tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:128>>) -> (tensor<1x4x4x16x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x7x7x16x!quant.uniform<u8:f32, 0.1:3>>) {
  // CHECK: qedge.max_pool2d %{{.*}} {clamp_max = 6.000000e+00 : f32, kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x8x8x16x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x4x4x16x!quant.uniform<u8:f32, 5.000000e-02:128>>
  %0 = qedge.max_pool2d %x {kernel = array<i64: 3, 3>,
      strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>,
      clamp_max = 6.0 : f32}
      : tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:128>>
      -> tensor<1x4x4x16x!quant.uniform<u8:f32, 0.05:128>>
  // CHECK: qedge.avg_pool2d %{{.*}} {count_include_pad, kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>}
  %1 = qedge.avg_pool2d %x {kernel = array<i64: 3, 3>,
      padding = array<i64: 1, 1, 1, 1>, count_include_pad}
      : tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:128>>
      -> tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:128>>
  // fp32 averages may change the scale and zero point.
  // CHECK: qedge.avg_pool2d %{{.*}} {kernel = array<i64: 2, 2>, rounding = #qedge.rounding<fp32>} : tensor<1x8x8x16x!quant.uniform<u8:f32, 5.000000e-02:128>> -> tensor<1x7x7x16x!quant.uniform<u8:f32, 1.000000e-01:3>>
  %2 = qedge.avg_pool2d %x {kernel = array<i64: 2, 2>,
      rounding = #qedge.rounding<fp32>}
      : tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:128>>
      -> tensor<1x7x7x16x!quant.uniform<u8:f32, 0.1:3>>
  return %0, %1, %2 : tensor<1x4x4x16x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05:128>>, tensor<1x7x7x16x!quant.uniform<u8:f32, 0.1:3>>
}

// -----

// CHECK-LABEL: func @global_avg_pool
func.func @global_avg_pool(%x: tensor<2x7x7x64x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<2x1x1x64x!quant.uniform<i8:f32, 0.02:-1>> {
  // CHECK: qedge.global_avg_pool %{{.*}} {rounding = #qedge.rounding<rndnu>} : tensor<2x7x7x64x!quant.uniform<i8:f32, 5.000000e-02:-3>> -> tensor<2x1x1x64x!quant.uniform<i8:f32, 2.000000e-02:-1>>
  %0 = qedge.global_avg_pool %x {rounding = #qedge.rounding<rndnu>}
      : tensor<2x7x7x64x!quant.uniform<i8:f32, 0.05:-3>>
      -> tensor<2x1x1x64x!quant.uniform<i8:f32, 0.02:-1>>
  return %0 : tensor<2x1x1x64x!quant.uniform<i8:f32, 0.02:-1>>
}

// -----

// CHECK-LABEL: func @fully_connected
func.func @fully_connected(%x: tensor<2x64x!quant.uniform<i8:f32, 0.05:-3>>, %w: tensor<10x64x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.02, 0.01, 0.02, 0.01, 0.02, 0.01, 0.02}>>, %b: tensor<10x!quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3, 5.0e-4, 1.0e-3, 5.0e-4, 1.0e-3, 5.0e-4, 1.0e-3, 5.0e-4, 1.0e-3}>>) -> (tensor<2x10x!quant.uniform<i8:f32, 0.1:-128>>, tensor<2x10x!quant.uniform<i8:f32, 0.1:-128>>) {
  // CHECK: qedge.fully_connected %{{.*}}, %{{.*}}, %{{.*}} {clamp_min = 0.000000e+00 : f32} : (tensor<2x64x!quant.uniform<i8:f32, 5.000000e-02:-3>>, tensor<10x64x!quant.uniform<i8<-127:127>:f32:0
  %0 = qedge.fully_connected %x, %w, %b {clamp_min = 0.0 : f32}
      : (tensor<2x64x!quant.uniform<i8:f32, 0.05:-3>>,
         tensor<10x64x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.02, 0.01, 0.02, 0.01, 0.02, 0.01, 0.02}>>,
         tensor<10x!quant.uniform<i32:f32:0, {5.0e-4, 1.0e-3, 5.0e-4, 1.0e-3, 5.0e-4, 1.0e-3, 5.0e-4, 1.0e-3, 5.0e-4, 1.0e-3}>>)
      -> tensor<2x10x!quant.uniform<i8:f32, 0.1:-128>>
  // CHECK: qedge.fully_connected %{{.*}}, %{{.*}} {rounding = #qedge.rounding<fp32>} : (tensor<2x64x
  %1 = qedge.fully_connected %x, %w {rounding = #qedge.rounding<fp32>}
      : (tensor<2x64x!quant.uniform<i8:f32, 0.05:-3>>,
         tensor<10x64x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.01, 0.02, 0.01, 0.02, 0.01, 0.02, 0.01, 0.02}>>)
      -> tensor<2x10x!quant.uniform<i8:f32, 0.1:-128>>
  return %0, %1 : tensor<2x10x!quant.uniform<i8:f32, 0.1:-128>>, tensor<2x10x!quant.uniform<i8:f32, 0.1:-128>>
}

// -----

// CHECK-LABEL: func @clamp_concat
func.func @clamp_concat(%x: tensor<1x8x8x16x!quant.uniform<u8:f32, 0.025:10>>, %y: tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:0>>) -> tensor<1x8x8x24x!quant.uniform<u8:f32, 0.025:10>> {
  // CHECK: qedge.clamp %{{.*}} {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32} : tensor<1x8x8x16x!quant.uniform<u8:f32, 2.500000e-02:10>>
  %0 = qedge.clamp %x {clamp_min = 0.0 : f32, clamp_max = 6.0 : f32}
      : tensor<1x8x8x16x!quant.uniform<u8:f32, 0.025:10>>
  // CHECK: qedge.concat %{{.*}}, %{{.*}} {axis = 3 : i64, rounding = #qedge.rounding<fp32>} : (tensor<1x8x8x16x!quant.uniform<u8:f32, 2.500000e-02:10>>, tensor<1x8x8x8x!quant.uniform<u8:f32, 5.000000e-02>>) -> tensor<1x8x8x24x!quant.uniform<u8:f32, 2.500000e-02:10>>
  %1 = qedge.concat %0, %y {axis = 3 : i64, rounding = #qedge.rounding<fp32>}
      : (tensor<1x8x8x16x!quant.uniform<u8:f32, 0.025:10>>,
         tensor<1x8x8x8x!quant.uniform<u8:f32, 0.05:0>>)
      -> tensor<1x8x8x24x!quant.uniform<u8:f32, 0.025:10>>
  return %1 : tensor<1x8x8x24x!quant.uniform<u8:f32, 0.025:10>>
}

// -----

// CHECK-LABEL: func @mul
func.func @mul(%x: tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05>>, %gate: tensor<1x1x1x16x!quant.uniform<u8:f32, 0.00390625>>) -> tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05>> {
  // CHECK: qedge.mul %{{.*}}, %{{.*}} {clamp_max = 6.000000e+00 : f32, rounding = #qedge.rounding<fp32>} : (tensor<1x8x8x16x!quant.uniform<u8:f32, 5.000000e-02>>, tensor<1x1x1x16x!quant.uniform<u8:f32, 3.906250e-03>>) -> tensor<1x8x8x16x!quant.uniform<u8:f32, 5.000000e-02>>
  %0 = qedge.mul %x, %gate {clamp_max = 6.0 : f32, rounding = #qedge.rounding<fp32>}
      : (tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05>>,
         tensor<1x1x1x16x!quant.uniform<u8:f32, 0.00390625>>)
      -> tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05>>
  return %0 : tensor<1x8x8x16x!quant.uniform<u8:f32, 0.05>>
}

// -----

// CHECK-LABEL: func @data_movement
func.func @data_movement(%x: tensor<1x1x1x64x!quant.uniform<i8:f32, 0.05:-3>>, %w: tensor<2x3x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3, 0.4}>>) -> (tensor<1x64x!quant.uniform<i8:f32, 0.05:-3>>, tensor<6x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>, tensor<4x2x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>, tensor<1x3x3x64x!quant.uniform<i8:f32, 0.05:-3>>) {
  // CHECK: qedge.reshape %{{.*}} : tensor<1x1x1x64x!quant.uniform<i8:f32, 5.000000e-02:-3>> -> tensor<1x64x!quant.uniform<i8:f32, 5.000000e-02:-3>>
  %0 = qedge.reshape %x : tensor<1x1x1x64x!quant.uniform<i8:f32, 0.05:-3>>
      -> tensor<1x64x!quant.uniform<i8:f32, 0.05:-3>>
  // The quantized dimension moves with its elements.
  // CHECK: qedge.reshape %{{.*}} : tensor<2x3x4x!quant.uniform<i8:f32:2, {{.*}}>> -> tensor<6x4x!quant.uniform<i8:f32:1,
  %1 = qedge.reshape %w : tensor<2x3x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3, 0.4}>>
      -> tensor<6x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>
  // CHECK: qedge.transpose %{{.*}} {permutation = array<i64: 2, 0, 1>} : tensor<2x3x4x!quant.uniform<i8:f32:2, {{.*}}>> -> tensor<4x2x3x!quant.uniform<i8:f32:0,
  %2 = qedge.transpose %w {permutation = array<i64: 2, 0, 1>}
      : tensor<2x3x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3, 0.4}>>
      -> tensor<4x2x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>
  // CHECK: qedge.pad %{{.*}} {high = array<i64: 0, 1, 1, 0>, low = array<i64: 0, 1, 1, 0>} : tensor<1x1x1x64x!quant.uniform<i8:f32, 5.000000e-02:-3>> -> tensor<1x3x3x64x!quant.uniform<i8:f32, 5.000000e-02:-3>>
  %3 = qedge.pad %x {low = array<i64: 0, 1, 1, 0>, high = array<i64: 0, 1, 1, 0>}
      : tensor<1x1x1x64x!quant.uniform<i8:f32, 0.05:-3>>
      -> tensor<1x3x3x64x!quant.uniform<i8:f32, 0.05:-3>>
  return %0, %1, %2, %3 : tensor<1x64x!quant.uniform<i8:f32, 0.05:-3>>, tensor<6x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>, tensor<4x2x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>, tensor<1x3x3x64x!quant.uniform<i8:f32, 0.05:-3>>
}

// -----

// CHECK-LABEL: func @table
func.func @table(%x: tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>) -> (tensor<1x8x8x16x!quant.uniform<i8:f32, 0.00390625:-128>>, tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>) {
  // CHECK: qedge.table %{{.*}} {function = #qedge.function<sigmoid>} : tensor<1x8x8x16x!quant.uniform<i8:f32, 5.000000e-02:-3>> -> tensor<1x8x8x16x!quant.uniform<i8:f32, 3.906250e-03:-128>>
  %0 = qedge.table %x {function = #qedge.function<sigmoid>}
      : tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>
      -> tensor<1x8x8x16x!quant.uniform<i8:f32, 0.00390625:-128>>
  // CHECK: qedge.table %{{.*}} {function = #qedge.function<hard_swish>, rounding = #qedge.rounding<fp32>}
  %1 = qedge.table %x {function = #qedge.function<hard_swish>, rounding = #qedge.rounding<fp32>}
      : tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>
      -> tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>
  return %0, %1 : tensor<1x8x8x16x!quant.uniform<i8:f32, 0.00390625:-128>>, tensor<1x8x8x16x!quant.uniform<i8:f32, 0.05:-3>>
}

// -----

// CHECK-LABEL: func @matmul
func.func @matmul(%a: tensor<4x16x32x!quant.uniform<u8:f32, 0.05:128>>, %b: tensor<4x32x8x!quant.uniform<u8:f32, 0.02:120>>, %x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>, %w: tensor<3x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) -> (tensor<4x16x8x!quant.uniform<u8:f32, 0.4:100>>, tensor<2x2x!quant.uniform<i8:f32, 0.5>>) {
  // CHECK: qedge.matmul %{{.*}}, %{{.*}} : (tensor<4x16x32x!quant.uniform<u8:f32, 5.000000e-02:128>>, tensor<4x32x8x!quant.uniform<u8:f32, 2.000000e-02:120>>) -> tensor<4x16x8x!quant.uniform<u8:f32, 4.000000e-01:100>>
  %0 = qedge.matmul %a, %b
      : (tensor<4x16x32x!quant.uniform<u8:f32, 0.05:128>>,
         tensor<4x32x8x!quant.uniform<u8:f32, 0.02:120>>)
      -> tensor<4x16x8x!quant.uniform<u8:f32, 0.4:100>>
  // Per-column rhs, a fused clamp, fp32.
  // CHECK: qedge.matmul %{{.*}}, %{{.*}} {clamp_min = 0.000000e+00 : f32, rounding = #qedge.rounding<fp32>} : (tensor<2x3x!quant.uniform<i8:f32, 1.000000e-01>>, tensor<3x2x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01}>>) -> tensor<2x2x!quant.uniform<i8:f32, 5.000000e-01>>
  %1 = qedge.matmul %x, %w {clamp_min = 0.0 : f32, rounding = #qedge.rounding<fp32>}
      : (tensor<2x3x!quant.uniform<i8:f32, 0.1>>,
         tensor<3x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>)
      -> tensor<2x2x!quant.uniform<i8:f32, 0.5>>
  return %0, %1 : tensor<4x16x8x!quant.uniform<u8:f32, 0.4:100>>, tensor<2x2x!quant.uniform<i8:f32, 0.5>>
}
