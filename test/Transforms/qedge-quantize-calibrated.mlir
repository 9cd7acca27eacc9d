// RUN: qedge-opt %s -split-input-file -verify-diagnostics -qedge-quantize-calibrated | FileCheck %s
// RUN: not qedge-opt %s -split-input-file -qedge-quantize-calibrated=method=median 2>&1 | FileCheck %s --check-prefix=METHOD
// RUN: not qedge-opt %s -split-input-file -qedge-quantize-calibrated="method=minmax method-param=2" 2>&1 | FileCheck %s --check-prefix=PARAM
// RUN: not qedge-opt %s -split-input-file -qedge-quantize-calibrated=scheme=skewed 2>&1 | FileCheck %s --check-prefix=SCHEME
// RUN: not qedge-opt %s -split-input-file -qedge-quantize-calibrated=activation-bits=1 2>&1 | FileCheck %s --check-prefix=BITS
// RUN: not qedge-opt %s -split-input-file -qedge-quantize-calibrated=rounding=qnnpack 2>&1 | FileCheck %s --check-prefix=ROUNDING
// METHOD: error: unknown method 'median'; expected minmax, moving-average, mean-std, percentile, entropy or mse
// PARAM: error: method 'minmax' takes no method-param
// SCHEME: error: unknown scheme 'skewed'; expected symmetric or asymmetric
// BITS: error: activation-bits and weight-bits must be in [2, 16], got 1
// ROUNDING: error: unknown rounding 'qnnpack'; expected gemmlowp, rndnu or fp32

// minmax, 8 bits, asymmetric: the input over [0, 255] gets S = 255 / 255 = 1,
// Z = round(127 - 255 / 1) = -128; the ReLU6 output over [-64, 191] gets
// S = 1, Z = round(127 - 191) = -64. Weights per output channel, symmetric:
// max |w| = 127 -> S_w = 1, q = 127; max |w| = 63.5 -> S_w = 0.5,
// q = -63.5 / 0.5 = -127. Bias at S_in * S_w: 3 / 1 = 3, -1 / 0.5 = -2. The
// clamp is fused; tosa.exp has no quantized form and stays float between a
// dequantize and the function's float result.
// CHECK-LABEL: func @conv_relu
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32>
// CHECK: %[[Q:.*]] = qedge.quantize %[[X]] : tensor<1x2x2x1xf32> -> tensor<1x2x2x1x!quant.uniform<i8:f32, 1.000000e+00:-128>>
// CHECK-DAG: %[[WI:.*]] = arith.constant dense<{{\[\[\[\[}}127]]], {{\[\[\[}}-127]]]]> : tensor<2x1x1x1xi8>
// CHECK-DAG: %[[W:.*]] = quant.scast %[[WI]] : tensor<2x1x1x1xi8> to tensor<2x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {1.000000e+00,5.000000e-01}>>
// CHECK-DAG: %[[BI:.*]] = arith.constant dense<[3, -2]> : tensor<2xi32>
// CHECK-DAG: %[[B:.*]] = quant.scast %[[BI]] : tensor<2xi32> to tensor<2x!quant.uniform<i32:f32:0, {1.000000e+00,5.000000e-01}>>
// CHECK: %[[Y:.*]] = qedge.conv2d %[[Q]], %[[W]], %[[B]] {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32} : {{.*}} -> tensor<1x2x2x2x!quant.uniform<i8:f32, 1.000000e+00:-64>>
// CHECK: %[[F:.*]] = qedge.dequantize %[[Y]] : tensor<1x2x2x2x!quant.uniform<i8:f32, 1.000000e+00:-64>> -> tensor<1x2x2x2xf32>
// CHECK: %[[E:.*]] = tosa.exp %[[F]]
// CHECK: return %[[E]]
// CHECK-NOT: qedge.calibrate
// CHECK-NOT: tosa.conv2d
func.func @conv_relu(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32> {
  %xc = qedge.calibrate %x stats <count = 2, min = 0.0, max = 255.0, mean = 127.5, std = 127.5, batch_min = [0.0], batch_max = [255.0], bins = 2, histogram_range = 256.0, positive = [1, 1], negative = []> : tensor<1x2x2x1xf32>
  %w = "tosa.const"() {values = dense<[[[[127.0]]], [[[-63.5]]]]> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() {values = dense<[3.0, -1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %conv = tosa.conv2d %xc, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %relu = tosa.clamp %conv {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %rc = qedge.calibrate %relu stats <count = 2, min = -64.0, max = 191.0, mean = 63.5, std = 127.5, batch_min = [-64.0], batch_max = [191.0], bins = 2, histogram_range = 256.0, positive = [0, 1], negative = [1]> : tensor<1x2x2x2xf32>
  // expected-remark@+1 {{qedge-quantize-calibrated: stays float (no quantized form for this op with these operands)}}
  %e = tosa.exp %rc : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %e : tensor<1x2x2x2xf32>
}

// -----

// qedge.activation_bits on the conv overrides activation-bits for its
// output: 4 bits over [-64, 191], S = 255 / 15 = 17,
// Z = round(7 - 191 / 17) = round(-4.24) = -4.
// CHECK-LABEL: func @override
// CHECK: qedge.quantize %{{.*}} -> tensor<1x2x2x1x!quant.uniform<i8:f32, 1.000000e+00:-128>>
// CHECK: qedge.conv2d {{.*}} -> tensor<1x2x2x2x!quant.uniform<i8<-8:7>:f32, 1.700000e+01:-4>>
// CHECK: qedge.dequantize
func.func @override(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32> {
  %xc = qedge.calibrate %x stats <count = 2, min = 0.0, max = 255.0, mean = 127.5, std = 127.5, batch_min = [0.0], batch_max = [255.0], bins = 2, histogram_range = 256.0, positive = [1, 1], negative = []> : tensor<1x2x2x1xf32>
  %w = "tosa.const"() {values = dense<[[[[127.0]]], [[[-63.5]]]]> : tensor<2x1x1x1xf32>} : () -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() {values = dense<[3.0, -1.0]> : tensor<2xf32>} : () -> tensor<2xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %conv = tosa.conv2d %xc, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>, qedge.activation_bits = 4 : i64} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %cc = qedge.calibrate %conv stats <count = 2, min = -64.0, max = 191.0, mean = 63.5, std = 127.5, batch_min = [-64.0], batch_max = [191.0], bins = 2, histogram_range = 256.0, positive = [0, 1], negative = [1]> : tensor<1x2x2x2xf32>
  return %cc : tensor<1x2x2x2xf32>
}

// -----

func.func @no_statistics(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+1 {{qedge-quantize-calibrated: this tensor has no statistics (run qedge-calibrate first)}}
  %xc = qedge.calibrate %x : tensor<4xf32>
  return %xc : tensor<4xf32>
}
