// The object exports one plain C function per public function; the header
// declares it with its buffers, compiles as C99, and the object needs nothing
// beyond libc.
// RUN: rm -rf %t && mkdir -p %t
// RUN: qedge-compile %s -o %t/header_test.o --target=x86-64
// RUN: FileCheck %s --input-file=%t/header_test.h
// RUN: %clang -std=c99 -pedantic-errors -Wall -Werror -fsyntax-only -x c %t/header_test.h
// RUN: llvm-nm -u --format=just-symbols %t/header_test.o | FileCheck %s --check-prefix=UNDEF --implicit-check-not='{{.}}'
// RUN: llvm-nm --defined-only --extern-only --format=just-symbols %t/header_test.o | FileCheck %s --check-prefix=DEFINED --implicit-check-not='{{.}}'

// CHECK: #ifndef HEADER_TEST_H
// CHECK: #include <stdint.h>
// CHECK: /* conv */
// CHECK: /*   arg0: uint8_t [1, 4, 4, 2], tensor<1x4x4x2x!quant.uniform<u8:f32, 5.000000e-01:128>> */
// CHECK: #define CONV_ARG0_ELEMENTS 32
// CHECK: /*   result0: int8_t [1, 2, 2, 3], tensor<1x2x2x3x!quant.uniform<i8:f32, 1.000000e+00:-4>> */
// CHECK: #define CONV_RESULT0_ELEMENTS 12
// CHECK: void conv(const uint8_t *arg0, int8_t *result0);
// CHECK: /* scale */
// CHECK: void scale(const float *arg0, const int32_t *arg1, float *result0, int32_t *result1);
// CHECK-NOT: helper
// UNDEF: free
// UNDEF-NEXT: malloc
// DEFINED: conv
// DEFINED-NEXT: scale

func.func @conv(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x2x2x3x!quant.uniform<i8:f32, 1.0:-4>> {
  %wi = arith.constant dense<[[[[1, -2]]], [[[3, 4]]], [[[-5, 6]]]]> : tensor<3x1x1x2xi8>
  %w = quant.scast %wi : tensor<3x1x1x2xi8> to tensor<3x1x1x2x!quant.uniform<i8:f32, 0.25>>
  %y = qedge.conv2d %x, %w {strides = array<i64: 2, 2>} : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5:128>>, tensor<3x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x2x2x3x!quant.uniform<i8:f32, 1.0:-4>>
  return %y : tensor<1x2x2x3x!quant.uniform<i8:f32, 1.0:-4>>
}

func.func @scale(%a: tensor<8xf32>, %b: tensor<2x2xi32>) -> (tensor<8xf32>, tensor<2x2xi32>) {
  %0 = call @helper(%a) : (tensor<8xf32>) -> tensor<8xf32>
  %1 = arith.addi %b, %b : tensor<2x2xi32>
  return %0, %1 : tensor<8xf32>, tensor<2x2xi32>
}

func.func private @helper(%a: tensor<8xf32>) -> tensor<8xf32> {
  %0 = arith.mulf %a, %a : tensor<8xf32>
  return %0 : tensor<8xf32>
}
