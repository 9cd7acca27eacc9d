// RUN: qedge-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// Quantized types (shared by every op)
//===----------------------------------------------------------------------===//

func.func @not_uniform(%arg0: tensor<4xf32>) {
  // expected-error@+1 {{'result' must have a !quant.uniform element type (per tensor or per axis), got '!quant.any<i8:f32>'}}
  %0 = qedge.quantize %arg0 : tensor<4xf32> -> tensor<4x!quant.any<i8:f32>>
  return
}

// -----

func.func @expressed_not_f32(%arg0: tensor<4x!quant.uniform<i8:f16, 0.1>>) {
  // expected-error@+1 {{'input' must be expressed in f32, got 'f16'}}
  %0 = qedge.dequantize %arg0 : tensor<4x!quant.uniform<i8:f16, 0.1>> -> tensor<4xf32>
  return
}

// -----

func.func @sub_byte_storage(%arg0: tensor<4xf32>) {
  // expected-error@+1 {{'result' has unsupported storage type si4; N-bit values are stored in an i8 or i16 container with storage bounds, e.g. i8<-8:7>}}
  %0 = qedge.quantize %arg0 : tensor<4xf32> -> tensor<4x!quant.uniform<i4:f32, 0.1>>
  return
}

// -----

func.func @i32_activation(%arg0: tensor<4x!quant.uniform<i32:f32, 0.1>>) {
  // expected-error@+1 {{'input' has unsupported storage type si32; N-bit values are stored in an i8 or i16 container with storage bounds, e.g. i8<-8:7>}}
  %0 = qedge.requantize %arg0 : tensor<4x!quant.uniform<i32:f32, 0.1>> -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @i2_quantize(%arg0: tensor<4xf32>) {
  // expected-error@+1 {{'result' has unsupported storage type si2; N-bit values are stored in an i8 or i16 container with storage bounds, e.g. i8<-8:7> (or i32 for biases)}}
  %0 = qedge.quantize %arg0 : tensor<4xf32> -> tensor<4x!quant.uniform<i2:f32, 0.1>>
  return
}

// -----

// Upstream's type parser accepts a zero point outside the storage bounds.
func.func @zero_point_out_of_range(%arg0: tensor<4xf32>) {
  // expected-error@+1 {{zero point 128 of 'result' is outside its storage range [-128, 127]}}
  %0 = qedge.quantize %arg0 : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.1:128>>
  return
}

// -----

func.func @zero_point_out_of_nbit_range(%arg0: tensor<4x!quant.uniform<i8<-8:7>:f32, 0.1:-9>>) {
  // expected-error@+1 {{zero point -9 of 'input' is outside its storage range [-8, 7]}}
  %0 = qedge.dequantize %arg0 : tensor<4x!quant.uniform<i8<-8:7>:f32, 0.1:-9>> -> tensor<4xf32>
  return
}

// -----

func.func @per_axis_zero_point_out_of_range(%arg0: tensor<2x3xf32>) {
  // expected-error@+1 {{zero point 256 of 'result' is outside its storage range [0, 255]}}
  %0 = qedge.quantize %arg0 : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<u8:f32:1, {0.1:0, 0.2:256, 0.3:5}>>
  return
}

// -----

func.func @per_axis_dimension_out_of_range(%arg0: tensor<2x3xf32>) {
  // expected-error@+1 {{quantized dimension 2 of 'result' is out of range for a tensor of rank 2}}
  %0 = qedge.quantize %arg0 : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32:2, {0.1, 0.2}>>
  return
}

// -----

func.func @per_axis_size_mismatch(%arg0: tensor<2x4xf32>) {
  // expected-error@+1 {{'result' has 3 scales but its quantized dimension 1 has size 4}}
  %0 = qedge.quantize %arg0 : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>
  return
}

// -----

// Non-positive and non-finite scales never reach the verifiers: upstream's
// type parser refuses them.
// expected-error@+1 {{scale 0.000000e+00 out of expressed type range}}
func.func @zero_scale(%arg0: tensor<4x!quant.uniform<i8:f32, 0.0>>) {
  return
}

// -----

// expected-error@+1 {{scale -5.000000e-01 out of expressed type range}}
func.func @negative_scale(%arg0: tensor<4x!quant.uniform<i8:f32, -0.5>>) {
  return
}

// -----

// expected-error@+1 {{scale INF out of expressed type range}}
func.func @infinite_scale(%arg0: tensor<4x!quant.uniform<i8:f32, 0x7FF0000000000000>>) {
  return
}

// -----

//===----------------------------------------------------------------------===//
// quantize / dequantize / requantize
//===----------------------------------------------------------------------===//

func.func @quantize_shape_mismatch(%arg0: tensor<4xf32>) {
  // expected-error@+1 {{all of {input, result} have same shape}}
  %0 = qedge.quantize %arg0 : tensor<4xf32> -> tensor<5x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @quantize_from_integer(%arg0: tensor<4xi8>) {
  // expected-error@+1 {{operand #0 must be ranked tensor of 32-bit float values}}
  %0 = qedge.quantize %arg0 : tensor<4xi8> -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @requantize_bad_result(%arg0: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{zero point -1 of 'result' is outside its storage range [0, 255]}}
  %0 = qedge.requantize %arg0 : tensor<4x!quant.uniform<i8:f32, 0.1>> -> tensor<4x!quant.uniform<u8:f32, 0.1:-1>>
  return
}

// -----

func.func @unknown_rounding(%arg0: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+2 {{expected ::mlir::qedge::RoundingMode to be one of: gemmlowp, rndnu, fp32}}
  // expected-error@+1 {{failed to parse QEdge_RoundingModeAttr parameter 'value'}}
  %0 = qedge.requantize %arg0 {rounding = #qedge.rounding<truncate>} : tensor<4x!quant.uniform<i8:f32, 0.1>> -> tensor<4x!quant.uniform<i8:f32, 0.2>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// calibrate and its statistics
//===----------------------------------------------------------------------===//

func.func @stats_empty(%arg0: tensor<4xf32>) {
  // expected-error@+1 {{invalid calibration statistics: the statistics hold no elements}}
  %0 = qedge.calibrate %arg0 stats <count = 0, min = -1.5, max = 2.25, mean = 0.125, std = 1.25, batch_min = [-1.5, -0.5], batch_max = [2.25, 1.0], bins = 4, histogram_range = 4.0, positive = [1, 2, 1], negative = [1, 1]> : tensor<4xf32>
  return
}

// -----

func.func @stats_not_finite(%arg0: tensor<4xf32>) {
  // expected-error@+1 {{invalid calibration statistics: min, max, mean and std must be finite}}
  %0 = qedge.calibrate %arg0 stats <count = 6, min = -1.5, max = 0x7FF8000000000000, mean = 0.125, std = 1.25, batch_min = [-1.5, -0.5], batch_max = [2.25, 1.0], bins = 4, histogram_range = 4.0, positive = [1, 2, 1], negative = [1, 1]> : tensor<4xf32>
  return
}

// -----

func.func @stats_inverted(%arg0: tensor<4xf32>) {
  // expected-error@+1 {{invalid calibration statistics: min is above max}}
  %0 = qedge.calibrate %arg0 stats <count = 6, min = 3.0, max = 2.25, mean = 0.125, std = 1.25, batch_min = [-1.5, -0.5], batch_max = [2.25, 1.0], bins = 4, histogram_range = 4.0, positive = [1, 2, 1], negative = [1, 1]> : tensor<4xf32>
  return
}

// -----

func.func @stats_negative_std(%arg0: tensor<4xf32>) {
  // expected-error@+1 {{invalid calibration statistics: std is negative}}
  %0 = qedge.calibrate %arg0 stats <count = 6, min = -1.5, max = 2.25, mean = 0.125, std = -1.0, batch_min = [-1.5, -0.5], batch_max = [2.25, 1.0], bins = 4, histogram_range = 4.0, positive = [1, 2, 1], negative = [1, 1]> : tensor<4xf32>
  return
}

// -----

func.func @stats_batches(%arg0: tensor<4xf32>) {
  // expected-error@+1 {{invalid calibration statistics: expected as many batch minima as maxima}}
  %0 = qedge.calibrate %arg0 stats <count = 6, min = -1.5, max = 2.25, mean = 0.125, std = 1.25, batch_min = [-1.5, -0.5], batch_max = [2.25], bins = 4, histogram_range = 4.0, positive = [1, 2, 1], negative = [1, 1]> : tensor<4xf32>
  return
}

// -----

func.func @stats_batch_extremes(%arg0: tensor<4xf32>) {
  // expected-error@+1 {{invalid calibration statistics: min and max differ from the extremes of the}}
  %0 = qedge.calibrate %arg0 stats <count = 6, min = -1.5, max = 2.25, mean = 0.125, std = 1.25, batch_min = [-1.0, -0.5], batch_max = [2.25, 1.0], bins = 4, histogram_range = 4.0, positive = [1, 2, 1], negative = [1, 1]> : tensor<4xf32>
  return
}

// -----

func.func @stats_bins(%arg0: tensor<4xf32>) {
  // expected-error@+1 {{calibration histogram bins must be a power of two in [2, 16384], got 3}}
  %0 = qedge.calibrate %arg0 stats <count = 6, min = -1.5, max = 2.25, mean = 0.125, std = 1.25, batch_min = [-1.5, -0.5], batch_max = [2.25, 1.0], bins = 3, histogram_range = 4.0, positive = [1, 2, 1], negative = [1, 1]> : tensor<4xf32>
  return
}

// -----

func.func @stats_too_many_bins(%arg0: tensor<4xf32>) {
  // expected-error@+1 {{calibration histogram has more than 4 bins per sign}}
  %0 = qedge.calibrate %arg0 stats <count = 6, min = -1.5, max = 2.25, mean = 0.125, std = 1.25, batch_min = [-1.5, -0.5], batch_max = [2.25, 1.0], bins = 4, histogram_range = 4.0, positive = [1, 2, 1, 0, 0], negative = [1, 1]> : tensor<4xf32>
  return
}

// -----

func.func @stats_range(%arg0: tensor<4xf32>) {
  // expected-error@+1 {{invalid calibration statistics: the histogram range must be a power of two above}}
  %0 = qedge.calibrate %arg0 stats <count = 6, min = -1.5, max = 2.25, mean = 0.125, std = 1.25, batch_min = [-1.5, -0.5], batch_max = [2.25, 1.0], bins = 4, histogram_range = 2.0, positive = [1, 2, 1], negative = [1, 1]> : tensor<4xf32>
  return
}

// -----

func.func @stats_counts(%arg0: tensor<4xf32>) {
  // expected-error@+1 {{invalid calibration statistics: the histogram counts must be non-negative and}}
  %0 = qedge.calibrate %arg0 stats <count = 6, min = -1.5, max = 2.25, mean = 0.125, std = 1.25, batch_min = [-1.5, -0.5], batch_max = [2.25, 1.0], bins = 4, histogram_range = 4.0, positive = [1, 2, 1], negative = [3, -1]> : tensor<4xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// conv2d
//===----------------------------------------------------------------------===//

func.func @conv_input_per_axis(%i: tensor<1x4x4x2x!quant.uniform<i8:f32:3, {0.1, 0.2}>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'input' must be quantized per tensor}}
  %0 = qedge.conv2d %i, %f : (tensor<1x4x4x2x!quant.uniform<i8:f32:3, {0.1, 0.2}>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_result_per_axis(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'result' must be quantized per tensor}}
  %0 = qedge.conv2d %i, %f : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32:3, {0.1, 0.2}>>
  return
}

// -----

func.func @conv_filter_axis(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32:3, {0.1, 0.2}>>) {
  // expected-error@+1 {{'filter' must be quantized per tensor or per axis on dimension 0 (output channels), got dimension 3}}
  %0 = qedge.conv2d %i, %f : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32:3, {0.1, 0.2}>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_storage_pair(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<u8:f32, 0.1:128>>) {
  // expected-error@+1 {{unsupported storage pair: input si8 x filter ui8 (supported: si8 x si8, ui8 x si8, ui8 x ui8, si16 x si8, si16 x si16)}}
  %0 = qedge.conv2d %i, %f : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_storage_pair_u16(%i: tensor<1x4x4x2x!quant.uniform<u16:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{unsupported storage pair: input ui16 x filter si8}}
  %0 = qedge.conv2d %i, %f : (tensor<1x4x4x2x!quant.uniform<u16:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_dynamic(%i: tensor<?x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{requires static shapes}}
  %0 = qedge.conv2d %i, %f : (tensor<?x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<?x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_rank(%i: tensor<4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{operand #0 must be 4D tensor of quantized type values}}
  %0 = qedge.conv2d %i, %f : (tensor<4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_strides(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'strides' must have 2 positive values [h, w]}}
  %0 = qedge.conv2d %i, %f {strides = array<i64: 1, 0>} : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_dilations(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'dilations' must have 2 positive values [h, w]}}
  %0 = qedge.conv2d %i, %f {dilations = array<i64: 1, 1, 1>} : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_padding(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'padding' must have 4 non-negative values [top, bottom, left, right]}}
  %0 = qedge.conv2d %i, %f {padding = array<i64: 0, 0, -1, 0>} : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_groups(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'groups' must be positive, got 0}}
  %0 = qedge.conv2d %i, %f {groups = 0} : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_input_channels_groups(%i: tensor<1x4x4x6x!quant.uniform<i8:f32, 0.1>>, %f: tensor<4x1x1x1x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{input channels (6) are not divisible by groups (4)}}
  %0 = qedge.conv2d %i, %f {groups = 4} : (tensor<1x4x4x6x!quant.uniform<i8:f32, 0.1>>, tensor<4x1x1x1x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_output_channels_groups(%i: tensor<1x4x4x6x!quant.uniform<i8:f32, 0.1>>, %f: tensor<4x1x1x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{output channels (4) are not divisible by groups (3)}}
  %0 = qedge.conv2d %i, %f {groups = 3} : (tensor<1x4x4x6x!quant.uniform<i8:f32, 0.1>>, tensor<4x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_filter_channels(%i: tensor<1x4x4x6x!quant.uniform<i8:f32, 0.1>>, %f: tensor<4x1x1x6x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{filter has 6 input channels per group, expected 3 (input channels 6 / groups 2)}}
  %0 = qedge.conv2d %i, %f {groups = 2} : (tensor<1x4x4x6x!quant.uniform<i8:f32, 0.1>>, tensor<4x1x1x6x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_kernel_too_large(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x3x3x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{the kernel (size 3, dilation 2) does not fit in the padded input (size 4, padding 0 and 0) in dimension h}}
  %0 = qedge.conv2d %i, %f {dilations = array<i64: 2, 1>} : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x3x3x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

// H: floor((7 + 1 + 1 - 3) / 2) + 1 = 4, W: floor((7 + 0 + 0 - 3) / 2) + 1 = 3.
func.func @conv_result_shape(%i: tensor<1x7x7x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x3x3x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{result shape [1, 4, 4, 2] does not follow from the operands and attributes; expected [1, 4, 3, 2]}}
  %0 = qedge.conv2d %i, %f {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 0, 0>} : (tensor<1x7x7x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x3x3x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_bias_storage(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>, %b: tensor<2x!quant.uniform<i8:f32, 0.01>>) {
  // expected-error@+1 {{'bias' must have i32 storage, got si8}}
  %0 = qedge.conv2d %i, %f, %b : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x!quant.uniform<i8:f32, 0.01>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_bias_size(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>, %b: tensor<3x!quant.uniform<i32:f32, 0.01>>) {
  // expected-error@+1 {{bias has 3 elements, expected one per output channel (2)}}
  %0 = qedge.conv2d %i, %f, %b : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>, tensor<3x!quant.uniform<i32:f32, 0.01>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_bias_zero_point(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>, %b: tensor<2x!quant.uniform<i32:f32, 0.01:1>>) {
  // expected-error@+1 {{bias zero point must be 0, got 1}}
  %0 = qedge.conv2d %i, %f, %b : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x!quant.uniform<i32:f32, 0.01:1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

// S_in * S_w[1] = 0.1 * 0.2 = 0.02; |0.0225 - 0.02| / 0.1 = 0.025 > 0.02.
// (Channel 0: |0.0101 - 0.01| / 0.1 = 0.001, accepted.)
func.func @conv_bias_scale(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32:0, {0.1, 0.2}>>, %b: tensor<2x!quant.uniform<i32:f32:0, {0.0101, 0.0225}>>) {
  // expected-error@+1 {{bias scale 2.250000e-02 of output channel 1 differs from input scale x filter scale = 2.000000e-02 by more than 2.000000e-02 of the output scale}}
  %0 = qedge.conv2d %i, %f, %b : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32:0, {0.1, 0.2}>>, tensor<2x!quant.uniform<i32:f32:0, {0.0101, 0.0225}>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_clamp_nan(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{clamp bounds must not be NaN}}
  %0 = qedge.conv2d %i, %f {clamp_max = 0x7FC00000 : f32} : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_clamp_inverted(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{clamp_min (6.000000e+00) is greater than clamp_max (0.000000e+00)}}
  %0 = qedge.conv2d %i, %f {clamp_min = 6.0 : f32, clamp_max = 0.0 : f32} : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

// The result represents 0.1 * ([-128, 127] - 0) = [-12.8, 12.7].
func.func @conv_clamp_outside_storage(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{clamp bounds [1.300000e+01, INF] lie outside the range the result's storage represents [-1.280000e+01, 1.270000e+01]}}
  %0 = qedge.conv2d %i, %f {clamp_min = 13.0 : f32} : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

//===----------------------------------------------------------------------===//
// int_conv2d
//===----------------------------------------------------------------------===//

func.func @int_conv_storage_pair(%i: tensor<1x4x4x2xi8>, %f: tensor<2x1x1x2xi8>, %b: tensor<2xi32>) {
  // expected-error@+1 {{unsupported storage pair: input si8 x filter ui8}}
  %0 = qedge.int_conv2d %i, %f, %b {filter_unsigned} : (tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>) -> tensor<1x4x4x2xi32>
  return
}

// -----

func.func @int_conv_bias_type(%i: tensor<1x4x4x2xi8>, %f: tensor<2x1x1x2xi8>, %b: tensor<2xi64>) {
  // expected-error@+1 {{bias element type 'i64' differs from the accumulator type 'i32'}}
  %0 = qedge.int_conv2d %i, %f, %b : (tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi64>) -> tensor<1x4x4x2xi32>
  return
}

// -----

func.func @int_conv_bias_size(%i: tensor<1x4x4x2xi8>, %f: tensor<2x1x1x2xi8>, %b: tensor<3xi32>) {
  // expected-error@+1 {{bias has 3 elements, expected one per output channel (2)}}
  %0 = qedge.int_conv2d %i, %f, %b : (tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>, tensor<3xi32>) -> tensor<1x4x4x2xi32>
  return
}

// -----

func.func @int_conv_pad_value(%i: tensor<1x4x4x2xi8>, %f: tensor<2x1x1x2xi8>, %b: tensor<2xi32>) {
  // expected-error@+1 {{pad_value 128 is outside the input's storage range [-128, 127]}}
  %0 = qedge.int_conv2d %i, %f, %b {pad_value = 128} : (tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>) -> tensor<1x4x4x2xi32>
  return
}

// -----

func.func @int_conv_pad_value_unsigned(%i: tensor<1x4x4x2xi8>, %f: tensor<2x1x1x2xi8>, %b: tensor<2xi32>) {
  // expected-error@+1 {{pad_value -1 is outside the input's storage range [0, 255]}}
  %0 = qedge.int_conv2d %i, %f, %b {pad_value = -1, input_unsigned} : (tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>) -> tensor<1x4x4x2xi32>
  return
}

// -----

func.func @int_conv_filter_zp_count(%i: tensor<1x4x4x2xi8>, %f: tensor<3x1x1x2xi8>, %b: tensor<3xi32>) {
  // expected-error@+1 {{'filter_zp' has 2 values, expected 1 or one per output channel (3)}}
  %0 = qedge.int_conv2d %i, %f, %b {filter_zp = array<i64: 0, 1>} : (tensor<1x4x4x2xi8>, tensor<3x1x1x2xi8>, tensor<3xi32>) -> tensor<1x4x4x3xi32>
  return
}

// -----

func.func @int_conv_filter_zp_range(%i: tensor<1x4x4x2xi8>, %f: tensor<2x1x1x2xi8>, %b: tensor<2xi32>) {
  // expected-error@+1 {{filter zero point 256 is outside the filter's storage range [0, 255]}}
  %0 = qedge.int_conv2d %i, %f, %b {filter_zp = array<i64: 0, 256>, input_unsigned, filter_unsigned} : (tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>) -> tensor<1x4x4x2xi32>
  return
}

// -----

func.func @int_conv_shape(%i: tensor<1x4x4x2xi8>, %f: tensor<2x3x3x2xi8>, %b: tensor<2xi32>) {
  // expected-error@+1 {{result shape [1, 4, 4, 2] does not follow from the operands and attributes; expected [1, 2, 2, 2]}}
  %0 = qedge.int_conv2d %i, %f, %b : (tensor<1x4x4x2xi8>, tensor<2x3x3x2xi8>, tensor<2xi32>) -> tensor<1x4x4x2xi32>
  return
}

// -----

func.func @int_conv_accumulator(%i: tensor<1x4x4x2xi8>, %f: tensor<2x1x1x2xi8>, %b: tensor<2xi16>) {
  // expected-error@+1 {{operand #2 must be 1D tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = qedge.int_conv2d %i, %f, %b : (tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi16>) -> tensor<1x4x4x2xi16>
  return
}

// -----

//===----------------------------------------------------------------------===//
// rescale
//===----------------------------------------------------------------------===//

func.func @rescale_missing_multiplier(%a: tensor<4xi32>) {
  // expected-error@+1 {{'gemmlowp' rounding needs 'multiplier' and 'shift' (and no 'scale')}}
  %0 = qedge.rescale %a {scale = array<f32: 0.5>} : tensor<4xi32> -> tensor<4xi8>
  return
}

// -----

func.func @rescale_qnnpack(%a: tensor<4xi32>) {
  // expected-error@+1 {{'qnnpack' is a mode of the quantized ops; its rescale is 'fp32' with the multiplier it computes}}
  %0 = qedge.rescale %a {scale = array<f32: 0.5>, rounding = #qedge.rounding<qnnpack>} : tensor<4xi32> -> tensor<4xi8>
  return
}

// -----

func.func @rescale_fp32_needs_scale(%a: tensor<4xi32>) {
  // expected-error@+1 {{'fp32' rounding needs 'scale' (and no 'multiplier' or 'shift')}}
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, rounding = #qedge.rounding<fp32>} : tensor<4xi32> -> tensor<4xi8>
  return
}

// -----

func.func @rescale_fp32_i64(%a: tensor<4xi64>) {
  // expected-error@+1 {{'fp32' rounding takes i8, i16 or i32 inputs, got 'i64'}}
  %0 = qedge.rescale %a {scale = array<f32: 0.5>, rounding = #qedge.rounding<fp32>} : tensor<4xi64> -> tensor<4xi8>
  return
}

// -----

func.func @rescale_fp32_scale(%a: tensor<4xi32>) {
  // expected-error@+1 {{scale -5.000000e-01 must be finite and non-negative}}
  %0 = qedge.rescale %a {scale = array<f32: -0.5>, rounding = #qedge.rounding<fp32>} : tensor<4xi32> -> tensor<4xi8>
  return
}

// -----

func.func @rescale_lengths(%a: tensor<2x3xi32>) {
  // expected-error@+1 {{'multiplier' has 2 values but 'shift' has 1}}
  %0 = qedge.rescale %a {multiplier = array<i32: 1, 2>, shift = array<i32: 0>} : tensor<2x3xi32> -> tensor<2x3xi8>
  return
}

// -----

func.func @rescale_channels(%a: tensor<2x3xi32>) {
  // expected-error@+1 {{'multiplier' has 2 values, expected 1 or 3 (the size of the last dimension)}}
  %0 = qedge.rescale %a {multiplier = array<i32: 1, 2>, shift = array<i32: 0, 0>} : tensor<2x3xi32> -> tensor<2x3xi8>
  return
}

// -----

func.func @rescale_scale_channels(%a: tensor<2x3xi32>) {
  // expected-error@+1 {{'scale' has 2 values, expected 1 or 3 (the size of the last dimension)}}
  %0 = qedge.rescale %a {scale = array<f32: 1.0, 2.0>, rounding = #qedge.rounding<fp32>} : tensor<2x3xi32> -> tensor<2x3xi8>
  return
}

// -----

func.func @rescale_negative_multiplier(%a: tensor<4xi32>) {
  // expected-error@+1 {{multiplier -5 must be non-negative}}
  %0 = qedge.rescale %a {multiplier = array<i32: -5>, shift = array<i32: 0>} : tensor<4xi32> -> tensor<4xi8>
  return
}

// -----

func.func @rescale_shift_range(%a: tensor<4xi32>) {
  // expected-error@+1 {{shift 31 is outside [-31, 30]}}
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 31>} : tensor<4xi32> -> tensor<4xi8>
  return
}

// -----

func.func @rescale_shift_range_low(%a: tensor<4xi32>) {
  // expected-error@+1 {{shift -32 is outside [-31, 30]}}
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: -32>, rounding = #qedge.rounding<rndnu>} : tensor<4xi32> -> tensor<4xi8>
  return
}

// -----

func.func @rescale_shift_range_i64(%a: tensor<4xi64>) {
  // expected-error@+1 {{shift 8 is outside [-31, 7] (i64 input)}}
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 8>} : tensor<4xi64> -> tensor<4xi8>
  return
}

// -----

func.func @rescale_accumulator_zp(%a: tensor<4xi32>) {
  // expected-error@+1 {{input_zp must be 0 for an 'i32' accumulator, got 3}}
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, input_zp = 3} : tensor<4xi32> -> tensor<4xi8>
  return
}

// -----

func.func @rescale_accumulator_unsigned(%a: tensor<4xi32>) {
  // expected-error@+1 {{'input_unsigned' applies to i8 and i16 inputs only}}
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, input_unsigned} : tensor<4xi32> -> tensor<4xi8>
  return
}

// -----

func.func @rescale_input_zp(%a: tensor<4xi8>) {
  // expected-error@+1 {{input_zp 200 is outside the input's storage range [-128, 127]}}
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, input_zp = 200} : tensor<4xi8> -> tensor<4xi8>
  return
}

// -----

func.func @rescale_output_unsigned_i32(%a: tensor<4xi32>) {
  // expected-error@+1 {{'output_unsigned' applies to i8 and i16 results only}}
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, output_unsigned} : tensor<4xi32> -> tensor<4xi32>
  return
}

// -----

func.func @rescale_output_zp(%a: tensor<4xi32>) {
  // expected-error@+1 {{output_zp -1 is outside the result's storage range [0, 255]}}
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, output_zp = -1, output_unsigned} : tensor<4xi32> -> tensor<4xi8>
  return
}

// -----

func.func @rescale_clamp_range(%a: tensor<4xi32>) {
  // expected-error@+1 {{clamp bounds [-129, 127] must lie inside the result's storage range [-128, 127]}}
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, clamp_min = -129} : tensor<4xi32> -> tensor<4xi8>
  return
}

// -----

func.func @rescale_clamp_inverted(%a: tensor<4xi32>) {
  // expected-error@+1 {{clamp_min (10) is greater than clamp_max (5)}}
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, clamp_min = 10, clamp_max = 5} : tensor<4xi32> -> tensor<4xi8>
  return
}

// -----

func.func @rescale_shape(%a: tensor<4xi32>) {
  // expected-error@+1 {{all of {input, result} have same shape}}
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 0>} : tensor<4xi32> -> tensor<5xi8>
  return
}

// -----

func.func @rescale_output_i64(%a: tensor<4xi32>) {
  // expected-error@+1 {{result #0 must be ranked tensor of 8-bit signless integer or 16-bit signless integer or 32-bit signless integer values}}
  %0 = qedge.rescale %a {multiplier = array<i32: 1073741824>, shift = array<i32: 0>} : tensor<4xi32> -> tensor<4xi64>
  return
}

// -----

func.func @conv_empty_kernel(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x0x1x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{the kernel (size 0, dilation 1) does not fit in the padded input (size 4, padding 0 and 0) in dimension h}}
  %0 = qedge.conv2d %i, %f : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x0x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @conv_huge_dilation(%i: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, %f: tensor<2x3x1x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{the kernel (size 3, dilation 4611686018427387904) does not fit in the padded input (size 4, padding 0 and 0) in dimension h}}
  %0 = qedge.conv2d %i, %f {dilations = array<i64: 4611686018427387904, 1>} : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x3x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

//===----------------------------------------------------------------------===//
// add, sub
//===----------------------------------------------------------------------===//

// -----

func.func @add_qnnpack(%a: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'qedge.add' op does not take 'qnnpack' rounding (only quantize, conv2d, fully_connected, max_pool2d, avg_pool2d and clamp do); use 'fp32'}}
  %0 = qedge.add %a, %a {rounding = #qedge.rounding<qnnpack>} : (tensor<4x!quant.uniform<i8:f32, 0.1>>, tensor<4x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @requantize_qnnpack(%a: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'qedge.requantize' op does not take 'qnnpack' rounding}}
  %0 = qedge.requantize %a {rounding = #qedge.rounding<qnnpack>} : tensor<4x!quant.uniform<i8:f32, 0.1>> -> tensor<4x!quant.uniform<i8:f32, 0.2>>
  return
}

// -----

func.func @add_per_axis(%a: tensor<2x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>, %b: tensor<2x4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'lhs' must be quantized per tensor}}
  %0 = qedge.add %a, %b : (tensor<2x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>, tensor<2x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @add_i32(%a: tensor<4x!quant.uniform<i32:f32, 0.1>>) {
  // expected-error@+1 {{'lhs' has unsupported storage type si32; N-bit values are stored in an i8 or i16 container with storage bounds, e.g. i8<-8:7>}}
  %0 = qedge.add %a, %a : (tensor<4x!quant.uniform<i32:f32, 0.1>>, tensor<4x!quant.uniform<i32:f32, 0.1>>) -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @add_float(%a: tensor<4xf32>) {
  // expected-error@+1 {{operand #0 must be ranked tensor of quantized type values}}
  %0 = qedge.add %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @add_storage(%a: tensor<4x!quant.uniform<i8:f32, 0.1>>, %b: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  // expected-error@+1 {{'lhs' and 'rhs' must have the same storage type, got si8 and ui8}}
  %0 = qedge.add %a, %b : (tensor<4x!quant.uniform<i8:f32, 0.1>>, tensor<4x!quant.uniform<u8:f32, 0.1>>) -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @sub_result_storage(%a: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'lhs' and 'result' must have the same storage type, got si8 and si16}}
  %0 = qedge.sub %a, %a : (tensor<4x!quant.uniform<i8:f32, 0.1>>, tensor<4x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x!quant.uniform<i16:f32, 0.1>>
  return
}

// -----

func.func @add_dynamic(%a: tensor<?x4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{requires static shapes}}
  %0 = qedge.add %a, %a : (tensor<?x4x!quant.uniform<i8:f32, 0.1>>, tensor<?x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<?x4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @add_shapes(%a: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.1>>, %b: tensor<1x4x1x8x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{operand shapes [1, 4, 4, 8] and [1, 4, 1, 8] do not give the result shape [1, 4, 4, 8]: each operand must have the result's shape, or one of them [N or 1, 1, 1, C] against an NHWC result}}
  %0 = qedge.add %a, %b : (tensor<1x4x4x8x!quant.uniform<i8:f32, 0.1>>, tensor<1x4x1x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @add_broadcast_batch(%a: tensor<2x4x4x8x!quant.uniform<i8:f32, 0.1>>, %b: tensor<3x1x1x8x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{operand shapes [2, 4, 4, 8] and [3, 1, 1, 8] do not give the result shape [2, 4, 4, 8]}}
  %0 = qedge.add %a, %b : (tensor<2x4x4x8x!quant.uniform<i8:f32, 0.1>>, tensor<3x1x1x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x4x4x8x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

// 2 * max(1, 0.5) / (2^20 * 2^-19) = 1.
func.func @add_output_multiplier(%a: tensor<4x!quant.uniform<i8:f32, 1.0>>, %b: tensor<4x!quant.uniform<i8:f32, 0.5>>) {
  // expected-error@+1 {{output multiplier 2 * max(S_lhs, S_rhs) / (2^20 * S_out) = 1.000000e+00 must be below 1 in the integer rounding modes (TFLite's condition)}}
  %0 = qedge.add %a, %b {rounding = #qedge.rounding<rndnu>} : (tensor<4x!quant.uniform<i8:f32, 1.0>>, tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 1.9073486328125e-06>>
  return
}

// -----

// fp32 has no such limit.
func.func @add_output_multiplier_fp32(%a: tensor<4x!quant.uniform<i8:f32, 1.0>>, %b: tensor<4x!quant.uniform<i8:f32, 0.5>>) {
  %0 = qedge.add %a, %b {rounding = #qedge.rounding<fp32>} : (tensor<4x!quant.uniform<i8:f32, 1.0>>, tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 1.9073486328125e-06>>
  return
}

// -----

func.func @add_clamp(%a: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{clamp_min (1.000000e+00) is greater than clamp_max (0.000000e+00)}}
  %0 = qedge.add %a, %a {clamp_min = 1.0 : f32, clamp_max = 0.0 : f32} : (tensor<4x!quant.uniform<i8:f32, 0.1>>, tensor<4x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

//===----------------------------------------------------------------------===//
// max_pool2d, avg_pool2d
//===----------------------------------------------------------------------===//

// -----

func.func @max_pool_types(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'input' and 'result' must have the same quantized type, got '!quant.uniform<i8:f32, 1.000000e-01>' and '!quant.uniform<i8:f32, 2.000000e-01>'}}
  %0 = qedge.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.2>>
  return
}

// -----

func.func @avg_pool_types(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'input' and 'result' must have the same quantized type in the integer rounding modes, got '!quant.uniform<i8:f32, 1.000000e-01>' and '!quant.uniform<i8:f32, 1.000000e-01:1>'}}
  %0 = qedge.avg_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.1:1>>
  return
}

// -----

func.func @avg_pool_fp32_storage(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'input' and 'result' must have the same storage type, got si8 and ui8}}
  %0 = qedge.avg_pool2d %x {kernel = array<i64: 2, 2>, rounding = #qedge.rounding<fp32>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x3x3x2x!quant.uniform<u8:f32, 0.1>>
  return
}

// -----

func.func @max_pool_per_axis(%x: tensor<1x4x4x2x!quant.uniform<i8:f32:3, {0.1, 0.2}>>) {
  // expected-error@+1 {{'input' must be quantized per tensor}}
  %0 = qedge.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x4x4x2x!quant.uniform<i8:f32:3, {0.1, 0.2}>> -> tensor<1x3x3x2x!quant.uniform<i8:f32:3, {0.1, 0.2}>>
  return
}

// -----

func.func @max_pool_rank(%x: tensor<4x4x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{operand #0 must be 4D tensor of quantized type values}}
  %0 = qedge.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<4x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @max_pool_dynamic(%x: tensor<1x?x4x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{requires static shapes}}
  %0 = qedge.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x?x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x?x3x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @max_pool_kernel(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'kernel' must have 2 positive values [h, w]}}
  %0 = qedge.max_pool2d %x {kernel = array<i64: 2, 0>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @avg_pool_strides(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'strides' must have 2 positive values [h, w]}}
  %0 = qedge.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 1>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @avg_pool_padding(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'padding' must have 4 non-negative values [top, bottom, left, right]}}
  %0 = qedge.avg_pool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 0, -1, 0, 0>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

// A window wholly in the padding would have no input element.
func.func @max_pool_padding_kernel(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{padding (0 and 2) must be smaller than the kernel (size 2) in dimension w, so that every window holds an input element}}
  %0 = qedge.max_pool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, 2>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x3x5x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @max_pool_kernel_too_large(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{the kernel (size 7) does not fit in the padded input (size 4, padding 1 and 1) in dimension h}}
  %0 = qedge.max_pool2d %x {kernel = array<i64: 7, 2>, padding = array<i64: 1, 1, 0, 0>} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x1x3x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @avg_pool_result_shape(%x: tensor<1x5x5x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{result shape [1, 3, 3, 2] does not follow from the input and attributes; expected [1, 2, 2, 2]}}
  %0 = qedge.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>} : tensor<1x5x5x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

// 256 * 256 taps of up to 32768 exceed int32.
func.func @avg_pool_sum(%x: tensor<1x256x256x1x!quant.uniform<i16:f32, 0.1>>) {
  // expected-error@+1 {{a sum of 65536 values up to 32768 in magnitude does not fit in int32}}
  %0 = qedge.avg_pool2d %x {kernel = array<i64: 256, 256>} : tensor<1x256x256x1x!quant.uniform<i16:f32, 0.1>> -> tensor<1x1x1x1x!quant.uniform<i16:f32, 0.1>>
  return
}

// -----

func.func @max_pool_clamp(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{clamp bounds must not be NaN}}
  %0 = qedge.max_pool2d %x {kernel = array<i64: 2, 2>, clamp_max = 0x7FC00000 : f32} : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.1>>
  return
}

//===----------------------------------------------------------------------===//
// global_avg_pool
//===----------------------------------------------------------------------===//

// -----

func.func @global_avg_pool_storage(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'input' and 'result' must have the same storage type, got si8 and ui8}}
  %0 = qedge.global_avg_pool %x : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x1x1x2x!quant.uniform<u8:f32, 0.1>>
  return
}

// -----

func.func @global_avg_pool_per_axis(%x: tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'result' must be quantized per tensor}}
  %0 = qedge.global_avg_pool %x : tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<1x1x1x2x!quant.uniform<i8:f32:3, {0.1, 0.2}>>
  return
}

// -----

func.func @global_avg_pool_dynamic(%x: tensor<?x4x4x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{requires static shapes}}
  %0 = qedge.global_avg_pool %x : tensor<?x4x4x2x!quant.uniform<i8:f32, 0.1>> -> tensor<?x1x1x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @global_avg_pool_shape(%x: tensor<2x4x4x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{result shape [2, 1, 2, 3] must be [N, 1, 1, C] = [2, 1, 1, 3]}}
  %0 = qedge.global_avg_pool %x : tensor<2x4x4x3x!quant.uniform<i8:f32, 0.1>> -> tensor<2x1x2x3x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @global_avg_pool_empty(%x: tensor<1x0x4x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{needs a non-empty spatial extent (H * W > 0)}}
  %0 = qedge.global_avg_pool %x : tensor<1x0x4x3x!quant.uniform<i8:f32, 0.1>> -> tensor<1x1x1x3x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @global_avg_pool_sum(%x: tensor<1x300x300x1x!quant.uniform<u16:f32, 0.1>>) {
  // expected-error@+1 {{a sum of 90000 values up to 65535 in magnitude does not fit in int32}}
  %0 = qedge.global_avg_pool %x : tensor<1x300x300x1x!quant.uniform<u16:f32, 0.1>> -> tensor<1x1x1x1x!quant.uniform<u16:f32, 0.1>>
  return
}

//===----------------------------------------------------------------------===//
// fully_connected
//===----------------------------------------------------------------------===//

// -----

func.func @fully_connected_features(%x: tensor<2x8x!quant.uniform<i8:f32, 0.1>>, %w: tensor<4x6x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{filter has 6 input features, expected 8 (the input's)}}
  %0 = qedge.fully_connected %x, %w : (tensor<2x8x!quant.uniform<i8:f32, 0.1>>, tensor<4x6x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @fully_connected_result(%x: tensor<2x8x!quant.uniform<i8:f32, 0.1>>, %w: tensor<4x8x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{result shape [2, 5] must be [N, OUT] = [2, 4]}}
  %0 = qedge.fully_connected %x, %w : (tensor<2x8x!quant.uniform<i8:f32, 0.1>>, tensor<4x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x5x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @fully_connected_dynamic(%x: tensor<?x8x!quant.uniform<i8:f32, 0.1>>, %w: tensor<4x8x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{requires static shapes}}
  %0 = qedge.fully_connected %x, %w : (tensor<?x8x!quant.uniform<i8:f32, 0.1>>, tensor<4x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<?x4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @fully_connected_rank(%x: tensor<1x2x8x!quant.uniform<i8:f32, 0.1>>, %w: tensor<4x8x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{operand #0 must be 2D tensor of quantized type values}}
  %0 = qedge.fully_connected %x, %w : (tensor<1x2x8x!quant.uniform<i8:f32, 0.1>>, tensor<4x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @fully_connected_input_per_axis(%x: tensor<2x8x!quant.uniform<i8:f32:0, {0.1, 0.2}>>, %w: tensor<4x8x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'input' must be quantized per tensor}}
  %0 = qedge.fully_connected %x, %w : (tensor<2x8x!quant.uniform<i8:f32:0, {0.1, 0.2}>>, tensor<4x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @fully_connected_filter_axis(%x: tensor<2x2x!quant.uniform<i8:f32, 0.1>>, %w: tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) {
  // expected-error@+1 {{'filter' must be quantized per tensor or per axis on dimension 0 (output channels), got dimension 1}}
  %0 = qedge.fully_connected %x, %w : (tensor<2x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @fully_connected_storage_pair(%x: tensor<2x8x!quant.uniform<i8:f32, 0.1>>, %w: tensor<4x8x!quant.uniform<u8:f32, 0.1>>) {
  // expected-error@+1 {{unsupported storage pair: input si8 x filter ui8 (supported: si8 x si8, ui8 x si8, ui8 x ui8, si16 x si8, si16 x si16)}}
  %0 = qedge.fully_connected %x, %w : (tensor<2x8x!quant.uniform<i8:f32, 0.1>>, tensor<4x8x!quant.uniform<u8:f32, 0.1>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @fully_connected_bias_size(%x: tensor<2x8x!quant.uniform<i8:f32, 0.5>>, %w: tensor<4x8x!quant.uniform<i8:f32, 0.25>>, %b: tensor<3x!quant.uniform<i32:f32, 0.125>>) {
  // expected-error@+1 {{bias has 3 elements, expected one per output channel (4)}}
  %0 = qedge.fully_connected %x, %w, %b : (tensor<2x8x!quant.uniform<i8:f32, 0.5>>, tensor<4x8x!quant.uniform<i8:f32, 0.25>>, tensor<3x!quant.uniform<i32:f32, 0.125>>) -> tensor<2x4x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

func.func @fully_connected_bias_scale(%x: tensor<2x8x!quant.uniform<i8:f32, 0.5>>, %w: tensor<4x8x!quant.uniform<i8:f32, 0.25>>, %b: tensor<4x!quant.uniform<i32:f32, 0.15625>>) {
  // expected-error@+1 {{bias scale 1.562500e-01 of output channel 0 differs from input scale x filter scale = 1.250000e-01 by more than 2.000000e-02 of the output scale}}
  %0 = qedge.fully_connected %x, %w, %b : (tensor<2x8x!quant.uniform<i8:f32, 0.5>>, tensor<4x8x!quant.uniform<i8:f32, 0.25>>, tensor<4x!quant.uniform<i32:f32, 0.15625>>) -> tensor<2x4x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

func.func @fully_connected_bias_storage(%x: tensor<2x8x!quant.uniform<i8:f32, 0.5>>, %w: tensor<4x8x!quant.uniform<i8:f32, 0.25>>, %b: tensor<4x!quant.uniform<i8:f32, 0.125>>) {
  // expected-error@+1 {{'bias' must have i32 storage, got si8}}
  %0 = qedge.fully_connected %x, %w, %b : (tensor<2x8x!quant.uniform<i8:f32, 0.5>>, tensor<4x8x!quant.uniform<i8:f32, 0.25>>, tensor<4x!quant.uniform<i8:f32, 0.125>>) -> tensor<2x4x!quant.uniform<i8:f32, 1.0>>
  return
}

// -----

func.func @fully_connected_clamp(%x: tensor<2x8x!quant.uniform<i8:f32, 0.1>>, %w: tensor<4x8x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{clamp bounds [1.000000e+02, 2.000000e+02] lie outside the range the result's storage represents [-1.280000e+01, 1.270000e+01]}}
  %0 = qedge.fully_connected %x, %w {clamp_min = 100.0 : f32, clamp_max = 200.0 : f32} : (tensor<2x8x!quant.uniform<i8:f32, 0.1>>, tensor<4x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.1>>
  return
}

//===----------------------------------------------------------------------===//
// clamp
//===----------------------------------------------------------------------===//

// -----

func.func @clamp_per_axis(%x: tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) {
  // expected-error@+1 {{'input' must be quantized per tensor}}
  %0 = qedge.clamp %x {clamp_min = 0.0 : f32} : tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>
  return
}

// -----

func.func @clamp_nan(%x: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{clamp bounds must not be NaN}}
  %0 = qedge.clamp %x {clamp_min = 0x7FC00000 : f32} : tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @clamp_order(%x: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{clamp_min (6.000000e+00) is greater than clamp_max (0.000000e+00)}}
  %0 = qedge.clamp %x {clamp_min = 6.0 : f32, clamp_max = 0.0 : f32} : tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @clamp_outside(%x: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  // expected-error@+1 {{clamp bounds [-INF, -1.000000e+00] lie outside the range the result's storage represents [0.000000e+00, 2.550000e+01]}}
  %0 = qedge.clamp %x {clamp_max = -1.0 : f32} : tensor<4x!quant.uniform<u8:f32, 0.1>>
  return
}

//===----------------------------------------------------------------------===//
// concat
//===----------------------------------------------------------------------===//

// -----

func.func @concat_empty() {
  // expected-error@+1 {{needs at least one input}}
  %0 = qedge.concat {axis = 0 : i64} : () -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @concat_per_axis(%a: tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) {
  // expected-error@+1 {{'input' must be quantized per tensor}}
  %0 = qedge.concat %a {axis = 0 : i64} : (tensor<2x2x!quant.uniform<i8:f32:1, {0.1, 0.2}>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @concat_dynamic(%a: tensor<?x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{requires static shapes}}
  %0 = qedge.concat %a {axis = 0 : i64} : (tensor<?x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<?x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'axis' 2 is out of range for rank 2}}
  %0 = qedge.concat %a {axis = 2 : i64} : (tensor<2x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @concat_rank(%a: tensor<2x2x!quant.uniform<i8:f32, 0.1>>, %b: tensor<2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{input 1 has rank 1, expected 2 (the result's)}}
  %0 = qedge.concat %a, %b {axis = 0 : i64} : (tensor<2x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @concat_off_axis(%a: tensor<2x2x!quant.uniform<i8:f32, 0.1>>, %b: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{input 1 has size 3 in dimension 1, expected 2 (the result's)}}
  %0 = qedge.concat %a, %b {axis = 0 : i64} : (tensor<2x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @concat_total(%a: tensor<2x2x!quant.uniform<i8:f32, 0.1>>, %b: tensor<3x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{the inputs add up to 5 along axis 0, but the result has 4}}
  %0 = qedge.concat %a, %b {axis = 0 : i64} : (tensor<2x2x!quant.uniform<i8:f32, 0.1>>, tensor<3x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x2x!quant.uniform<i8:f32, 0.1>>
  return
}

//===----------------------------------------------------------------------===//
// mul
//===----------------------------------------------------------------------===//

// -----

func.func @mul_storage(%a: tensor<4x!quant.uniform<i8:f32, 0.1>>, %b: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'lhs' and 'result' must have the same storage type, got si8 and ui8}}
  %0 = qedge.mul %a, %b : (tensor<4x!quant.uniform<i8:f32, 0.1>>, tensor<4x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x!quant.uniform<u8:f32, 0.1>>
  return
}

// -----

func.func @mul_shapes(%a: tensor<1x4x4x8x!quant.uniform<i8:f32, 0.1>>, %b: tensor<1x1x1x4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{operand shapes [1, 4, 4, 8] and [1, 1, 1, 4] do not give the result shape [1, 4, 4, 8]}}
  %0 = qedge.mul %a, %b : (tensor<1x4x4x8x!quant.uniform<i8:f32, 0.1>>, tensor<1x1x1x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x8x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

// |q - Z| reaches 65535 on both sides: the product needs 32 bits.
func.func @mul_product(%a: tensor<4x!quant.uniform<i16:f32, 0.1:32767>>) {
  // expected-error@+1 {{the product of |lhs - Z| <= 65535 and |rhs - Z| <= 65535 does not fit in int32 (with 16-bit storage the zero points must be near 0)}}
  %0 = qedge.mul %a, %a : (tensor<4x!quant.uniform<i16:f32, 0.1:32767>>, tensor<4x!quant.uniform<i16:f32, 0.1:32767>>) -> tensor<4x!quant.uniform<i16:f32, 0.1>>
  return
}

// -----

func.func @mul_clamp(%a: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{clamp bounds must not be NaN}}
  %0 = qedge.mul %a, %a {clamp_min = 0x7FC00000 : f32} : (tensor<4x!quant.uniform<i8:f32, 0.1>>, tensor<4x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

//===----------------------------------------------------------------------===//
// reshape, transpose, pad
//===----------------------------------------------------------------------===//

// -----

func.func @reshape_elements(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{the result has 8 elements, the input 6}}
  %0 = qedge.reshape %x : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<8x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @reshape_type(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'result' must have the input's quantized type '!quant.uniform<i8:f32, 1.000000e-01>', got '!quant.uniform<i8:f32, 2.000000e-01>'}}
  %0 = qedge.reshape %x : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<6x!quant.uniform<i8:f32, 0.2>>
  return
}

// -----

func.func @reshape_dynamic(%x: tensor<?x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{requires static shapes}}
  %0 = qedge.reshape %x : tensor<?x3x!quant.uniform<i8:f32, 0.1>> -> tensor<6x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @reshape_rank0(%x: tensor<1x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{requires tensors of rank 1 or more}}
  %0 = qedge.reshape %x : tensor<1x!quant.uniform<i8:f32, 0.1>> -> tensor<!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @reshape_float(%x: tensor<6xf32>) {
  // expected-error@+1 {{operand #0 must be ranked tensor of quantized type values, but got 'tensor<6xf32>'}}
  %0 = qedge.reshape %x : tensor<6xf32> -> tensor<6x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

// Splitting the quantized dimension mixes its channels.
func.func @reshape_axis_split(%x: tensor<2x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>) {
  // expected-error@+1 {{per-axis quantization on dimension 1 does not survive: the result has no dimension holding the same elements}}
  %0 = qedge.reshape %x : tensor<2x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>> -> tensor<2x2x2x!quant.uniform<i8:f32:2, {0.1, 0.2}>>
  return
}

// -----

// [4, 4] on dimension 1 to [4, 1, 4]: the channels are dimension 2 (4
// elements before it), not dimension 0.
func.func @reshape_axis_moved(%x: tensor<4x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>) {
  // expected-error@+1 {{'result' must have the quantized type '!quant.uniform<i8:f32:2, {1.000000e-01,2.000000e-01,3.000000e-01,4.000000e-01}>' (the input's, on dimension 2), got '!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,3.000000e-01,4.000000e-01}>'}}
  %0 = qedge.reshape %x : tensor<4x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>> -> tensor<4x1x4x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>
  return
}

// -----

func.func @transpose_permutation(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'permutation' must be a permutation of [0, 2)}}
  %0 = qedge.transpose %x {permutation = array<i64: 1, 1>} : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<3x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @transpose_permutation_size(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'permutation' must be a permutation of [0, 2)}}
  %0 = qedge.transpose %x {permutation = array<i64: 1, 0, 2>} : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<3x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @transpose_rank(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{the result has rank 3, the input 2}}
  %0 = qedge.transpose %x {permutation = array<i64: 1, 0>} : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<3x2x1x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @transpose_shape(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{result dimension 0 has size 2, expected that of input dimension 1 (3)}}
  %0 = qedge.transpose %x {permutation = array<i64: 1, 0>} : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<2x3x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @transpose_axis(%x: tensor<3x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>) {
  // expected-error@+1 {{'result' must have the quantized type '!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01,3.000000e-01}>' (the input's, on dimension 0), got '!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01,3.000000e-01}>'}}
  %0 = qedge.transpose %x {permutation = array<i64: 1, 0>} : tensor<3x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>> -> tensor<3x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>
  return
}

// -----

func.func @pad_per_axis(%x: tensor<2x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>) {
  // expected-error@+1 {{'input' must be quantized per tensor}}
  %0 = qedge.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 0>} : tensor<2x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>> -> tensor<3x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>
  return
}

// -----

func.func @pad_dynamic(%x: tensor<?x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{requires static shapes}}
  %0 = qedge.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 0>} : tensor<?x3x!quant.uniform<i8:f32, 0.1>> -> tensor<?x3x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @pad_low(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'low' must have 2 non-negative values (one per dimension)}}
  %0 = qedge.pad %x {low = array<i64: 1>, high = array<i64: 0, 0>} : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<3x3x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @pad_high(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'high' must have 2 non-negative values (one per dimension)}}
  %0 = qedge.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, -1>} : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<3x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @pad_type(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'result' must have the input's quantized type '!quant.uniform<i8:f32, 1.000000e-01>', got '!quant.uniform<i8:f32, 1.000000e-01:1>'}}
  %0 = qedge.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 0>} : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<3x3x!quant.uniform<i8:f32, 0.1:1>>
  return
}

// -----

func.func @pad_shape(%x: tensor<2x3x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{result shape [3, 4] must be the input's padded by low and high, [3, 3]}}
  %0 = qedge.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 0>} : tensor<2x3x!quant.uniform<i8:f32, 0.1>> -> tensor<3x4x!quant.uniform<i8:f32, 0.1>>
  return
}

//===----------------------------------------------------------------------===//
// table
//===----------------------------------------------------------------------===//

// -----

func.func @table_i16(%x: tensor<4x!quant.uniform<i16:f32, 0.001>>) {
  // expected-error@+1 {{'input' has si16 storage; qedge.table takes and returns 8-bit values (its table has 256 entries)}}
  %0 = qedge.table %x {function = #qedge.function<tanh>} : tensor<4x!quant.uniform<i16:f32, 0.001>> -> tensor<4x!quant.uniform<i8:f32, 0.0078125>>
  return
}

// -----

func.func @table_result_i16(%x: tensor<4x!quant.uniform<u8:f32, 0.1>>) {
  // expected-error@+1 {{'result' has si16 storage; qedge.table takes and returns 8-bit values (its table has 256 entries)}}
  %0 = qedge.table %x {function = #qedge.function<exp>} : tensor<4x!quant.uniform<u8:f32, 0.1>> -> tensor<4x!quant.uniform<i16:f32, 0.1>>
  return
}

// -----

func.func @table_per_axis(%x: tensor<2x!quant.uniform<i8:f32:0, {0.1, 0.2}>>) {
  // expected-error@+1 {{'input' must be quantized per tensor}}
  %0 = qedge.table %x {function = #qedge.function<tanh>} : tensor<2x!quant.uniform<i8:f32:0, {0.1, 0.2}>> -> tensor<2x!quant.uniform<i8:f32, 0.0078125>>
  return
}

// -----

func.func @table_shape(%x: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{all of {input, result} have same shape}}
  %0 = qedge.table %x {function = #qedge.function<tanh>} : tensor<4x!quant.uniform<i8:f32, 0.1>> -> tensor<5x!quant.uniform<i8:f32, 0.0078125>>
  return
}

// -----

func.func @table_function(%x: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+2 {{expected ::mlir::qedge::UnaryFunction to be one of: sigmoid, tanh, hard_sigmoid, hard_swish, exp}}
  // expected-error@+1 {{failed to parse QEdge_UnaryFunctionAttr parameter 'value'}}
  %0 = qedge.table %x {function = #qedge.function<gelu>} : tensor<4x!quant.uniform<i8:f32, 0.1>> -> tensor<4x!quant.uniform<i8:f32, 0.0078125>>
  return
}

//===----------------------------------------------------------------------===//
// matmul
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_lhs_per_axis(%a: tensor<2x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>, %b: tensor<3x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'lhs' must be quantized per tensor}}
  %0 = qedge.matmul %a, %b : (tensor<2x3x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3}>>, tensor<3x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @matmul_rhs_axis(%a: tensor<2x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<3x2x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>) {
  // expected-error@+1 {{'rhs' must be quantized per tensor or per axis on its last dimension (columns), got dimension 0}}
  %0 = qedge.matmul %a, %b : (tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<3x2x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3}>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @matmul_dynamic(%a: tensor<?x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<3x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{requires static shapes}}
  %0 = qedge.matmul %a, %b : (tensor<?x3x!quant.uniform<i8:f32, 0.1>>, tensor<3x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<?x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @matmul_rank(%a: tensor<2x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<1x3x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{operands and result must all have rank 2 or all rank 3 (batched), got ranks 2, 3 and 2}}
  %0 = qedge.matmul %a, %b : (tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<1x3x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @matmul_storage_pair(%a: tensor<2x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<3x2x!quant.uniform<u8:f32, 0.1>>) {
  // expected-error@+1 {{unsupported storage pair: input si8 x filter ui8 (supported: si8 x si8, ui8 x si8, ui8 x ui8, si16 x si8, si16 x si16)}}
  %0 = qedge.matmul %a, %b : (tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<3x2x!quant.uniform<u8:f32, 0.1>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @matmul_depth(%a: tensor<2x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<4x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{'lhs' has 3 columns but 'rhs' has 4 rows}}
  %0 = qedge.matmul %a, %b : (tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<4x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @matmul_batch(%a: tensor<2x2x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<3x3x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{batch sizes differ: 2 and 3}}
  %0 = qedge.matmul %a, %b : (tensor<2x2x3x!quant.uniform<i8:f32, 0.1>>, tensor<3x3x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x2x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @matmul_result(%a: tensor<2x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<3x4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{result shape [2, 3] must be [2, 4]}}
  %0 = qedge.matmul %a, %b : (tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<3x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x3x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @matmul_clamp(%a: tensor<2x3x!quant.uniform<i8:f32, 0.1>>, %b: tensor<3x2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{clamp bounds must not be NaN}}
  %0 = qedge.matmul %a, %b {clamp_max = 0x7FC00000 : f32} : (tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<3x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.1>>
  return
}
