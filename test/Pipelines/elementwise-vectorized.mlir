// The steps of a quantized add (offsets and shifts, three rescales, the sum,
// the clamp) fuse into one loop nest in qedge-lower-to-llvm, which LLVM
// vectorizes: the 64-bit products of the rescales are vector instructions
// (vpmuldq on zmm registers for AVX-512, smull/smull2 on AArch64 NEON), not
// scalar imul / smull on general registers.
// RUN: qedge-compile %s --emit=asm --target=x86-64-v4 -o - | FileCheck %s --check-prefix=X86
// RUN: qedge-compile %s --emit=asm --target=aarch64 -o - | FileCheck %s --check-prefix=ARM

// X86-LABEL: add:
// X86: vpmuldq %zmm{{[0-9]+}}, %zmm{{[0-9]+}}, %zmm{{[0-9]+}}
// ARM-LABEL: add:
// ARM: smull2 v{{[0-9]+}}.2d, v{{[0-9]+}}.4s, v{{[0-9]+}}.4s
func.func @add(%a: tensor<1x8x8x64x!quant.uniform<i8:f32, 0.05:-3>>, %b: tensor<1x8x8x64x!quant.uniform<i8:f32, 0.07:5>>) -> tensor<1x8x8x64x!quant.uniform<i8:f32, 0.1:-10>> {
  %0 = qedge.add %a, %b {clamp_min = 0.0 : f32} : (tensor<1x8x8x64x!quant.uniform<i8:f32, 0.05:-3>>, tensor<1x8x8x64x!quant.uniform<i8:f32, 0.07:5>>) -> tensor<1x8x8x64x!quant.uniform<i8:f32, 0.1:-10>>
  return %0 : tensor<1x8x8x64x!quant.uniform<i8:f32, 0.1:-10>>
}
