// RUN: qedge-opt %s -split-input-file -qedge-fold-quant -verify-diagnostics

func.func @filter_not_constant(%x: tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, %w: tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>> {
  // expected-error@+1 {{needs a constant filter (arith.constant + quant.scast) to fold its zero-point terms}}
  %y = qedge.conv2d %x, %w : (tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
  return %y : tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
}

// -----

func.func @bias_not_constant(%x: tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, %b: tensor<1x!quant.uniform<i32:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>> {
  %wi = arith.constant dense<1> : tensor<1x1x1x1xi8>
  %w = quant.scast %wi : tensor<1x1x1x1xi8> to tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
  // expected-error@+1 {{needs a constant bias (arith.constant + quant.scast) to fold its zero-point terms}}
  %y = qedge.conv2d %x, %w, %b : (tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>, tensor<1x!quant.uniform<i32:f32, 1.0>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
  return %y : tensor<1x1x1x1x!quant.uniform<i8:f32, 1.0>>
}

// -----

// The bound 32768 * 65535 + 32768 = 2^31 needs i64, which fp32 cannot take.
func.func @fp32_wide_accumulator(%x: tensor<1x1x1x3x!quant.uniform<i16:f32, 0.0009765625>>) -> tensor<1x1x1x1x!quant.uniform<i16:f32, 0.0009765625>> {
  %wi = arith.constant dense<[[[[32767, -32767, 1]]]]> : tensor<1x1x1x3xi16>
  %w = quant.scast %wi : tensor<1x1x1x3xi16> to tensor<1x1x1x3x!quant.uniform<i16:f32, 1.0>>
  %bi = arith.constant dense<-32768> : tensor<1xi32>
  %b = quant.scast %bi : tensor<1xi32> to tensor<1x!quant.uniform<i32:f32, 0.0009765625>>
  // expected-error@+1 {{'fp32' rounding needs an i32 accumulator, but this convolution's accumulator bound needs i64}}
  %y = qedge.conv2d %x, %w, %b {rounding = #qedge.rounding<fp32>} : (tensor<1x1x1x3x!quant.uniform<i16:f32, 0.0009765625>>, tensor<1x1x1x3x!quant.uniform<i16:f32, 1.0>>, tensor<1x!quant.uniform<i32:f32, 0.0009765625>>) -> tensor<1x1x1x1x!quant.uniform<i16:f32, 0.0009765625>>
  return %y : tensor<1x1x1x1x!quant.uniform<i16:f32, 0.0009765625>>
}

// -----

func.func @requantize_axis(%x: tensor<2x3x!quant.uniform<i8:f32:0, {0.5, 0.25}>>) -> tensor<2x3x!quant.uniform<i8:f32, 0.5>> {
  // expected-error@+1 {{per-axis quantization on dimension 0 folds only on the last dimension (1)}}
  %0 = qedge.requantize %x : tensor<2x3x!quant.uniform<i8:f32:0, {0.5, 0.25}>> -> tensor<2x3x!quant.uniform<i8:f32, 0.5>>
  return %0 : tensor<2x3x!quant.uniform<i8:f32, 0.5>>
}

// -----

func.func @requantize_zero_points(%x: tensor<2x2x!quant.uniform<i8:f32:1, {0.5:1, 0.25:2}>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.5>> {
  // expected-error@+1 {{per-axis zero points must all be equal to fold into one rescale}}
  %0 = qedge.requantize %x : tensor<2x2x!quant.uniform<i8:f32:1, {0.5:1, 0.25:2}>> -> tensor<2x2x!quant.uniform<i8:f32, 0.5>>
  return %0 : tensor<2x2x!quant.uniform<i8:f32, 0.5>>
}
