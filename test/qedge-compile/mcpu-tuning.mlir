// RUN: qedge-compile %s --emit=asm --target=aarch64+dotprod -o - | FileCheck %s --check-prefix=GENERIC
// RUN: qedge-compile %s --emit=asm --target=aarch64+dotprod --mcpu=cortex-a55 -o - | FileCheck %s --check-prefix=A55

// --mcpu=cortex-a55 loads the kernels' weights one Q register at a time: the
// in-order core takes six cycles for a Q pair against one per single load.
// Generic tuning pairs the adjacent weight loads of one block.
// GENERIC: sdot
// GENERIC: ldp{{[[:space:]]+}}q
// A55: sdot
// A55-NOT: ldp{{[[:space:]]+}}q
func.func @conv(%x: tensor<1x8x10x64xi8>) -> tensor<1x8x10x16xi8> {
  %w = arith.constant dense<3> : tensor<16x3x3x64xi8>
  %b = arith.constant dense<5> : tensor<16xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x10x64xi8>, tensor<16x3x3x64xi8>, tensor<16xi32>) -> tensor<1x8x10x16xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -12>} : tensor<1x8x10x16xi32> -> tensor<1x8x10x16xi8>
  return %y : tensor<1x8x10x16xi8>
}
