// RUN: qedge-opt %s -split-input-file -qedge-fold-quant -convert-qedge-to-linalg | FileCheck %s
// RUN: qedge-opt %s -split-input-file -qedge-lower-to-llvm=target=x86-64 | FileCheck %s --check-prefix=LLVM
// RUN: qedge-opt %s -split-input-file -qedge-lower-to-llvm=target=x86-64-v3 | FileCheck %s --check-prefix=LLVM
// RUN: qedge-opt %s -split-input-file -qedge-lower-to-llvm=target=x86-64-v4 | FileCheck %s --check-prefix=LLVM
// RUN: qedge-opt %s -split-input-file -qedge-lower-to-llvm=target=x86-64-v4+vnni | FileCheck %s --check-prefix=LLVM
// RUN: qedge-opt %s -split-input-file -qedge-lower-to-llvm=target=aarch64 | FileCheck %s --check-prefix=LLVM
// RUN: qedge-opt %s -split-input-file -qedge-lower-to-llvm=target=aarch64+dotprod | FileCheck %s --check-prefix=LLVM
// RUN: qedge-opt %s -split-input-file -qedge-lower-to-llvm=target=aarch64+i8mm | FileCheck %s --check-prefix=LLVM

// The integer-only forms of the ops beyond conv are linalg, arith and tensor
// ops plus qedge.rescale and qedge.int_conv2d, which convert-qedge-to-linalg
// lowers: nothing of qedge is left. qedge-lower-to-llvm takes them to the
// LLVM dialect for every named target.

// CHECK-LABEL: func @add_sub
// CHECK-NOT: qedge.
// CHECK: return
// LLVM-LABEL: llvm.func @add_sub
// LLVM-NOT: linalg.
// LLVM-NOT: tensor.
// LLVM: llvm.return
func.func @add_sub(%a: tensor<1x3x3x4x!quant.uniform<i8:f32, 0.5:3>>, %b: tensor<1x1x1x4x!quant.uniform<i8:f32, 0.25:-2>>) -> (tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>, tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>, tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>) {
  %0 = qedge.add %a, %b {clamp_min = 0.0 : f32} : (tensor<1x3x3x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x1x1x4x!quant.uniform<i8:f32, 0.25:-2>>) -> tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>
  %1 = qedge.sub %b, %a {rounding = #qedge.rounding<fp32>} : (tensor<1x1x1x4x!quant.uniform<i8:f32, 0.25:-2>>, tensor<1x3x3x4x!quant.uniform<i8:f32, 0.5:3>>) -> tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>
  %2 = qedge.mul %a, %b {rounding = #qedge.rounding<rndnu>} : (tensor<1x3x3x4x!quant.uniform<i8:f32, 0.5:3>>, tensor<1x1x1x4x!quant.uniform<i8:f32, 0.25:-2>>) -> tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>
  return %0, %1, %2 : tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>, tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>, tensor<1x3x3x4x!quant.uniform<i8:f32, 1.0:5>>
}

// -----

// CHECK-LABEL: func @pooling
// CHECK-NOT: qedge.
// CHECK: return
// LLVM-LABEL: llvm.func @pooling
// LLVM-NOT: linalg.
// LLVM: llvm.return
func.func @pooling(%x: tensor<1x5x5x2x!quant.uniform<u8:f32, 0.5:3>>) -> (tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>, tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>, tensor<1x3x3x2x!quant.uniform<u8:f32, 0.25:3>>, tensor<1x1x1x2x!quant.uniform<u8:f32, 0.25:1>>) {
  %0 = qedge.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, clamp_max = 6.0 : f32} : tensor<1x5x5x2x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>
  %1 = qedge.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<1x5x5x2x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>
  %2 = qedge.avg_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, rounding = #qedge.rounding<fp32>} : tensor<1x5x5x2x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x3x3x2x!quant.uniform<u8:f32, 0.25:3>>
  %3 = qedge.global_avg_pool %x {rounding = #qedge.rounding<rndnu>} : tensor<1x5x5x2x!quant.uniform<u8:f32, 0.5:3>> -> tensor<1x1x1x2x!quant.uniform<u8:f32, 0.25:1>>
  return %0, %1, %2, %3 : tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>, tensor<1x3x3x2x!quant.uniform<u8:f32, 0.5:3>>, tensor<1x3x3x2x!quant.uniform<u8:f32, 0.25:3>>, tensor<1x1x1x2x!quant.uniform<u8:f32, 0.25:1>>
}

// -----

// The fully connected layer's int_conv2d has constant weights: on targets
// with kernels it takes the convolution's vector path.
// CHECK-LABEL: func @fully_connected_clamp_concat
// CHECK-NOT: qedge.
// CHECK: return
// LLVM-LABEL: llvm.func @fully_connected_clamp_concat
// LLVM-NOT: linalg.
// LLVM: llvm.return
func.func @fully_connected_clamp_concat(%x: tensor<2x16x!quant.uniform<i8:f32, 0.5:1>>) -> tensor<2x8x!quant.uniform<i8:f32, 1.0:-4>> {
  %wi = arith.constant dense<3> : tensor<4x16xi8>
  %w = quant.scast %wi : tensor<4x16xi8> to tensor<4x16x!quant.uniform<i8:f32, 0.25>>
  %y = qedge.fully_connected %x, %w : (tensor<2x16x!quant.uniform<i8:f32, 0.5:1>>, tensor<4x16x!quant.uniform<i8:f32, 0.25>>) -> tensor<2x4x!quant.uniform<i8:f32, 1.0:-4>>
  %r = qedge.clamp %y {clamp_min = 0.0 : f32} : tensor<2x4x!quant.uniform<i8:f32, 1.0:-4>>
  %c = qedge.concat %r, %y {axis = 1 : i64} : (tensor<2x4x!quant.uniform<i8:f32, 1.0:-4>>, tensor<2x4x!quant.uniform<i8:f32, 1.0:-4>>) -> tensor<2x8x!quant.uniform<i8:f32, 1.0:-4>>
  return %c : tensor<2x8x!quant.uniform<i8:f32, 1.0:-4>>
}

// -----

// CHECK-LABEL: func @data_movement
// CHECK-NOT: qedge.
// CHECK: return
// LLVM-LABEL: llvm.func @data_movement
// LLVM-NOT: linalg.
// LLVM: llvm.return
func.func @data_movement(%x: tensor<2x3x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3, 0.4}>>, %p: tensor<2x3x!quant.uniform<u8:f32, 0.1:200>>) -> (tensor<6x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>, tensor<4x2x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>, tensor<3x6x!quant.uniform<u8:f32, 0.1:200>>) {
  %0 = qedge.reshape %x : tensor<2x3x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3, 0.4}>> -> tensor<6x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>
  %1 = qedge.transpose %x {permutation = array<i64: 2, 0, 1>} : tensor<2x3x4x!quant.uniform<i8:f32:2, {0.1, 0.2, 0.3, 0.4}>> -> tensor<4x2x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>
  %2 = qedge.pad %p {low = array<i64: 1, 2>, high = array<i64: 0, 1>} : tensor<2x3x!quant.uniform<u8:f32, 0.1:200>> -> tensor<3x6x!quant.uniform<u8:f32, 0.1:200>>
  return %0, %1, %2 : tensor<6x4x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4}>>, tensor<4x2x3x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>, tensor<3x6x!quant.uniform<u8:f32, 0.1:200>>
}

// -----

// CHECK-LABEL: func @table
// CHECK-NOT: qedge.
// CHECK: return
// LLVM-LABEL: llvm.func @table
// LLVM-NOT: linalg.
// LLVM-NOT: tensor.
// LLVM: llvm.return
func.func @table(%x: tensor<2x5x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<2x5x!quant.uniform<i8:f32, 0.00390625:-128>> {
  %0 = qedge.table %x {function = #qedge.function<sigmoid>} : tensor<2x5x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<2x5x!quant.uniform<i8:f32, 0.00390625:-128>>
  return %0 : tensor<2x5x!quant.uniform<i8:f32, 0.00390625:-128>>
}

// -----

// CHECK-LABEL: func @matmul
// CHECK-NOT: qedge.
// CHECK: return
// LLVM-LABEL: llvm.func @matmul
// LLVM-NOT: linalg.
// LLVM: llvm.return
func.func @matmul(%a: tensor<2x3x4x!quant.uniform<u8:f32, 0.05:128>>, %b: tensor<2x4x5x!quant.uniform<u8:f32, 0.02:120>>) -> tensor<2x3x5x!quant.uniform<u8:f32, 0.4:100>> {
  %y = qedge.matmul %a, %b : (tensor<2x3x4x!quant.uniform<u8:f32, 0.05:128>>, tensor<2x4x5x!quant.uniform<u8:f32, 0.02:120>>) -> tensor<2x3x5x!quant.uniform<u8:f32, 0.4:100>>
  return %y : tensor<2x3x5x!quant.uniform<u8:f32, 0.4:100>>
}
