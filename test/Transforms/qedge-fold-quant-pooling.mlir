// RUN: qedge-opt %s -split-input-file -qedge-fold-quant | FileCheck %s

// max_pool2d: u8 pads with 0 (the container's minimum), s8 with -128, so
// padding never wins; the window loops take their extent from an empty
// [3, 3] operand. A fused ReLU6 at S = 0.5, Z = 3 is [3, 3 + 12 = 15]:
// a clamp on stored values, unsigned.
// CHECK-DAG: #[[IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d4, d2 * 2 + d5, d3)>
// CHECK-DAG: #[[WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-LABEL: func @max_pool
func.func @max_pool(%x: tensor<1x5x5x2x!quant.uniform<u8:f32, 0.5:3>>, %s: tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:3>>) -> (tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>, tensor<1x3x3x2x!quant.uniform<i8:f32, 0.5:3>>) {
  // CHECK: %[[ZERO:.*]] = arith.constant 0 : i8
  // CHECK: %[[PAD:.*]] = tensor.pad %{{.*}} low[0, 1, 1, 0] high[0, 1, 1, 0]
  // CHECK: tensor.yield %[[ZERO]]
  // CHECK: %[[INIT:.*]] = linalg.fill
  // CHECK: %[[WINDOW:.*]] = tensor.empty() : tensor<3x3xi8>
  // CHECK: %[[MAX:.*]] = linalg.generic {indexing_maps = [#[[IN]], #[[WIN]], #{{.*}}], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[PAD]], %[[WINDOW]] : tensor<1x7x7x2xi8>, tensor<3x3xi8>) outs(%[[INIT]] : tensor<1x3x3x2xi8>)
  // CHECK: arith.maxui
  // CHECK: linalg.generic {{.*}} ins(%[[MAX]]
  // CHECK-DAG: arith.constant 3 : i8
  // CHECK-DAG: arith.constant 15 : i8
  // CHECK: arith.maxui
  // CHECK: arith.minui
  %0 = qedge.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : tensor<1x5x5x2x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>
  // CHECK: arith.constant -128 : i8
  // CHECK: tensor.pad
  // CHECK: arith.maxsi
  // CHECK-NOT: arith.minsi
  // CHECK: return
  %1 = qedge.max_pool2d %s {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.5:3>>
  return %0, %1 : tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>, tensor<1x3x3x2x!quant.uniform<i8:f32, 0.5:3>>
}

// -----

// avg_pool2d, integer modes: the sum of stored values, padded with 0
// (padding does not count), divided by the count of taps inside the input:
// on a 5x5 input with a 3x3 window, stride 2, padding 1, the windows hold
// 2, 3, 2 rows (and columns), so the counts are [[4, 6, 4], [6, 9, 6],
// [4, 6, 4]]. The division rounds half away from zero, in i64.
// CHECK-DAG: #[[HW:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2)>
// CHECK-LABEL: func @avg_pool
func.func @avg_pool(%x: tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.5:3>> {
  // CHECK: %[[ZERO:.*]] = arith.constant 0 : i8
  // CHECK: tensor.pad
  // CHECK: tensor.yield %[[ZERO]]
  // CHECK: %[[SUM:.*]] = linalg.generic
  // CHECK: arith.extsi %{{.*}} : i8 to i32
  // CHECK-NEXT: arith.addi
  // CHECK: %[[COUNTS:.*]] = arith.constant dense<{{\[\[}}4, 6, 4], [6, 9, 6], [4, 6, 4]]> : tensor<3x3xi32>
  // CHECK: linalg.generic {indexing_maps = [#{{.*}}, #[[HW]], #{{.*}}], {{.*}} ins(%[[SUM]], %[[COUNTS]] : tensor<1x3x3x2xi32>, tensor<3x3xi32>)
  // CHECK: arith.cmpi sgt
  // CHECK: arith.select
  // CHECK: arith.divsi
  // CHECK: arith.maxsi
  // CHECK: arith.minsi
  // CHECK: arith.trunci %{{.*}} : i64 to i8
  %0 = qedge.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.5:3>>
  return %0 : tensor<1x3x3x2x!quant.uniform<i8:f32, 0.5:3>>
}

// -----

// count_include_pad: padded taps hold Zx = 3 and every window counts 9.
// CHECK-LABEL: func @avg_pool_count_include_pad
func.func @avg_pool_count_include_pad(%x: tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.5:3>> {
  // CHECK: %[[ZX:.*]] = arith.constant 3 : i8
  // CHECK: tensor.pad
  // CHECK: tensor.yield %[[ZX]]
  // CHECK-NOT: dense<
  // CHECK: arith.constant 9 : i32
  // CHECK: arith.divsi
  %0 = qedge.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, count_include_pad} : tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.5:3>>
  return %0 : tensor<1x3x3x2x!quant.uniform<i8:f32, 0.5:3>>
}

// -----

// fp32: the sum of q - Zx (padded with Zx, contributing 0) times
// fl32(Sx / fl32(Sy * count)) with Sx = 0.5, Sy = 0.25: 2 / count, i.e.
// 0.5, fl32(1/3) = 0.333333343 and fl32(2/9) = 0.222222224 for the counts
// 4, 6 and 9; then the clamp to [-128 - 1, 127 - 1], round half to even,
// + Zy = 1.
// CHECK-LABEL: func @avg_pool_fp32
func.func @avg_pool_fp32(%x: tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.25:1>> {
  // CHECK: %[[ZX:.*]] = arith.constant 3 : i8
  // CHECK: tensor.yield %[[ZX]]
  // CHECK: arith.constant 3 : i32
  // CHECK: arith.subi
  // CHECK: arith.constant dense<{{\[\[}}5.000000e-01, 0.333333343, 5.000000e-01], [0.333333343, 0.222222224, 0.333333343], [5.000000e-01, 0.333333343, 5.000000e-01]]> : tensor<3x3xf32>
  // CHECK: arith.sitofp
  // CHECK: arith.mulf
  // CHECK: arith.constant -1.290000e+02 : f32
  // CHECK: arith.constant 1.260000e+02 : f32
  // CHECK: math.roundeven
  %0 = qedge.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, rounding = #qedge.rounding<fp32>} : tensor<1x5x5x2x!quant.uniform<i8:f32, 0.5:3>> -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.25:1>>
  return %0 : tensor<1x3x3x2x!quant.uniform<i8:f32, 0.25:1>>
}

// -----

// global_avg_pool, integer modes: Σ (q - Zx) over (h, w) into [N, C], a
// rescale by Sx / Sy = 0.5 / 0.25 = 2 = 0.5 * 2^2 -> (2^30, 2), the
// division by H * W = 25 rounding half away from zero, + Zy = 1, the u8
// range, and the result expanded to [N, 1, 1, C].
// CHECK-DAG: #[[NHWC_TO_NC:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d2, d3, d1)>
// CHECK-DAG: #[[NC:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1)>
// CHECK-LABEL: func @global_avg_pool
func.func @global_avg_pool(%x: tensor<2x5x5x3x!quant.uniform<u8:f32, 0.5:3>>) -> (tensor<2x1x1x3x!quant.uniform<u8:f32, 0.25:1>>, tensor<2x1x1x3x!quant.uniform<u8:f32, 0.25:1>>) {
  // CHECK: %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[NHWC_TO_NC]], #[[NC]]], iterator_types = ["parallel", "parallel", "reduction", "reduction"]} ins(%{{.*}} : tensor<2x5x5x3xi8>) outs(%{{.*}} : tensor<2x3xi32>)
  // CHECK: arith.extui
  // CHECK: %[[SCALED:.*]] = qedge.rescale %[[SUM]] {clamp_max = 2147483647 : i64, clamp_min = -2147483648 : i64, multiplier = array<i32: 1073741824>, shift = array<i32: 2>} : tensor<2x3xi32> -> tensor<2x3xi32>
  // CHECK: %[[MEAN:.*]] = linalg.generic {{.*}} ins(%[[SCALED]] : tensor<2x3xi32>)
  // CHECK: arith.constant 25 : i32
  // CHECK: arith.divsi
  // CHECK: arith.constant 1 : i64
  // CHECK: arith.constant 255 : i64
  // CHECK: tensor.expand_shape %[[MEAN]] {{\[\[}}0, 1, 2], [3]] output_shape [2, 1, 1, 3] : tensor<2x3xi8> into tensor<2x1x1x3xi8>
  %0 = qedge.global_avg_pool %x : tensor<2x5x5x3x!quant.uniform<u8:f32, 0.5:3>> -> tensor<2x1x1x3x!quant.uniform<u8:f32, 0.25:1>>
  // fp32: one rescale with fl32(0.5 / fl32(0.25 * 25)) = fl32(0.08)
  // (printed 8.000000e-02).
  // CHECK: %[[SUM2:.*]] = linalg.generic
  // CHECK: qedge.rescale %[[SUM2]] {clamp_max = 255 : i64, clamp_min = 0 : i64, output_unsigned, output_zp = 1 : i64, rounding = #qedge.rounding<fp32>, scale = array<f32: 8.000000e-02>} : tensor<2x3xi32> -> tensor<2x3xi8>
  %1 = qedge.global_avg_pool %x {rounding = #qedge.rounding<fp32>} : tensor<2x5x5x3x!quant.uniform<u8:f32, 0.5:3>> -> tensor<2x1x1x3x!quant.uniform<u8:f32, 0.25:1>>
  return %0, %1 : tensor<2x1x1x3x!quant.uniform<u8:f32, 0.25:1>>, tensor<2x1x1x3x!quant.uniform<u8:f32, 0.25:1>>
}
