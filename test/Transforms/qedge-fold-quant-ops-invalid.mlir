// RUN: qedge-opt %s -split-input-file -qedge-fold-quant -verify-diagnostics

// fp32 add: fl32(1e30) / fl32(1e-10) overflows float32.
func.func @add_fp32_overflow(%a: tensor<4x!quant.uniform<i8:f32, 1.0e30>>) -> tensor<4x!quant.uniform<i8:f32, 1.0e-10>> {
  // expected-error@+1 {{'qedge.add' op 'fp32' rounding: the float32 multiplier S_in / S_out = inf lets the products overflow float32}}
  %0 = qedge.add %a, %a {rounding = #qedge.rounding<fp32>} : (tensor<4x!quant.uniform<i8:f32, 1.0e30>>, tensor<4x!quant.uniform<i8:f32, 1.0e30>>) -> tensor<4x!quant.uniform<i8:f32, 1.0e-10>>
  return %0 : tensor<4x!quant.uniform<i8:f32, 1.0e-10>>
}

// -----

func.func @fully_connected_runtime_filter(%x: tensor<2x8x!quant.uniform<i8:f32, 0.1>>, %w: tensor<4x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.1>> {
  // expected-error@+1 {{'qedge.fully_connected' op needs a constant filter (arith.constant + quant.scast) to fold its zero-point terms}}
  %0 = qedge.fully_connected %x, %w : (tensor<2x8x!quant.uniform<i8:f32, 0.1>>, tensor<4x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x4x!quant.uniform<i8:f32, 0.1>>
  return %0 : tensor<2x4x!quant.uniform<i8:f32, 0.1>>
}

// -----

// s16 x s16 over 4 inputs: 32768 * 4 * 32767 > 2^31 - 1, an i64
// accumulator, which fp32 does not take.
func.func @fully_connected_fp32_i64(%x: tensor<1x4x!quant.uniform<i16:f32, 0.1>>) -> tensor<1x1x!quant.uniform<i16:f32, 0.1>> {
  %wi = arith.constant dense<32767> : tensor<1x4xi16>
  %w = quant.scast %wi : tensor<1x4xi16> to tensor<1x4x!quant.uniform<i16:f32, 0.001>>
  // expected-error@+1 {{'qedge.fully_connected' op 'fp32' rounding needs an i32 accumulator, but this convolution's accumulator bound needs i64}}
  %0 = qedge.fully_connected %x, %w {rounding = #qedge.rounding<fp32>} : (tensor<1x4x!quant.uniform<i16:f32, 0.1>>, tensor<1x4x!quant.uniform<i16:f32, 0.001>>) -> tensor<1x1x!quant.uniform<i16:f32, 0.1>>
  return %0 : tensor<1x1x!quant.uniform<i16:f32, 0.1>>
}

// -----

// An i64 accumulator (s16 x s16 over K = 4096) takes no fp32.
func.func @matmul_fp32_i64(%a: tensor<1x4096x!quant.uniform<i16:f32, 0.001>>, %b: tensor<4096x1x!quant.uniform<i16:f32, 0.001>>) -> tensor<1x1x!quant.uniform<i16:f32, 1.0>> {
  // expected-error@+1 {{'qedge.matmul' op 'fp32' rounding needs an i32 accumulator, but this convolution's accumulator bound needs i64}}
  %y = qedge.matmul %a, %b {rounding = #qedge.rounding<fp32>} : (tensor<1x4096x!quant.uniform<i16:f32, 0.001>>, tensor<4096x1x!quant.uniform<i16:f32, 0.001>>) -> tensor<1x1x!quant.uniform<i16:f32, 1.0>>
  return %y : tensor<1x1x!quant.uniform<i16:f32, 1.0>>
}
