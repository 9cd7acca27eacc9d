// A convolution with one output channel and an 8-bit result: its vector
// kernel writes each output pixel with a masked store that enables one lane
// of a truncated vector. LLVM 22's x86 backend turns that store into a store
// of the untruncated 32-bit lane (llvm/llvm-project#179489), which wrote
// three bytes past the last output (found by the differential fuzzer);
// qedge-apply-target-to-llvm stores the lane as a byte instead.
// RUN: qedge-opt %s --qedge-lower-to-llvm=target=x86-64-v4+vnni | FileCheck %s --check-prefix=IR
// RUN: qedge-opt %s --qedge-lower-to-llvm=target=x86-64-v4+vnni | FileCheck %s --check-prefix=NOMASK
// RUN: qedge-compile %s --emit=asm --target=x86-64-v4+vnni --entry=conv -o - | FileCheck %s --check-prefix=ASM

// IR: %[[LANE:.*]] = llvm.extractelement %{{.*}}[%{{.*}} : i64] : vector<16xi8>
// IR: llvm.store %[[LANE]], %{{.*}} {alignment = 1 : i64} : i8, !llvm.ptr
// The output's stores, vectors of 16 truncated lanes, are masked no more (the
// input's sign flip may still mask its last whole-register store).
// NOMASK-NOT: llvm.intr.masked.store {{.*}} : vector<16xi8>
// ASM-LABEL: conv:
// ASM-NOT: vmovss %xmm{{[0-9]+}}, (
// ASM-NOT: vmovd %xmm{{[0-9]+}}, (
// ASM: vpextrb $0, %xmm{{[0-9]+}}, (
func.func @conv(%x: tensor<1x3x1x4x!quant.uniform<i8:f32, 2.500000e-01:-128>>) -> tensor<1x2x1x1x!quant.uniform<u8:f32, 6.3671875e-01>> {
  %wi = arith.constant dense<-16> : tensor<1x1x3x4xi8>
  %w = quant.scast %wi : tensor<1x1x3x4xi8> to tensor<1x1x3x4x!quant.uniform<i8<-16:15>:f32, 1.562500e-02>>
  %y = qedge.conv2d %x, %w {strides = array<i64: 2, 3>, padding = array<i64: 0, 1, 0, 3>, clamp_min = 0.0 : f32, clamp_max = 6.0 : f32} : (tensor<1x3x1x4x!quant.uniform<i8:f32, 2.500000e-01:-128>>, tensor<1x1x3x4x!quant.uniform<i8<-16:15>:f32, 1.562500e-02>>) -> tensor<1x2x1x1x!quant.uniform<u8:f32, 6.3671875e-01>>
  return %y : tensor<1x2x1x1x!quant.uniform<u8:f32, 6.3671875e-01>>
}
