// RUN: qedge-opt %s -split-input-file -qedge-set-target=target=aarch64 -canonicalize -qedge-fold-quant -canonicalize -convert-qedge-to-vector | FileCheck %s
// RUN: qedge-opt %s -split-input-file -qedge-set-target=target=x86-64-v4 -canonicalize -qedge-fold-quant -canonicalize -convert-qedge-to-vector | FileCheck %s --check-prefix=X86
// RUN: qedge-compile %s --emit=asm --target=aarch64 -o - | FileCheck %s --check-prefix=ASM

// On AArch64 a table lookup reads sixteen bytes at a time: index =
// x - (-128) (wrapping in 8 bits: x ^ 0x80), one tbl over entries 0-63 and
// three tbx over the next groups of 64, each index 64 lower. 1 x 4 x 5 x 3 =
// 60 bytes: four chunks, the last one masked.
// CHECK-DAG: func.func private @llvm.aarch64.neon.tbl4.v16i8(vector<16xi8>, vector<16xi8>, vector<16xi8>, vector<16xi8>, vector<16xi8>) -> vector<16xi8>
// CHECK-DAG: func.func private @llvm.aarch64.neon.tbx4.v16i8(vector<16xi8>, vector<16xi8>, vector<16xi8>, vector<16xi8>, vector<16xi8>, vector<16xi8>) -> vector<16xi8>
// CHECK-LABEL: func.func @sigmoid
// CHECK: %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2, 3]] : tensor<1x4x5x3xi8> into tensor<60xi8>
// CHECK-DAG: %[[MINUS128:.*]] = arith.constant dense<-128> : vector<16xi8>
// CHECK-DAG: %[[SIXTYFOUR:.*]] = arith.constant dense<64> : vector<16xi8>
// CHECK-DAG: %[[C60:.*]] = arith.constant 60 : index
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK: scf.for %[[I:.*]] = %{{.*}} to %[[C60]] step %[[C16]]
// CHECK: %[[X:.*]] = vector.transfer_read %[[FLAT]][%[[I]]]
// CHECK: %[[IDX:.*]] = arith.subi %[[X]], %[[MINUS128]] : vector<16xi8>
// CHECK: %[[Y0:.*]] = func.call @llvm.aarch64.neon.tbl4.v16i8({{.*}}, %[[IDX]])
// CHECK: %[[IDX1:.*]] = arith.subi %[[IDX]], %[[SIXTYFOUR]]
// CHECK: %[[Y1:.*]] = func.call @llvm.aarch64.neon.tbx4.v16i8(%[[Y0]], {{.*}}, %[[IDX1]])
// CHECK: func.call @llvm.aarch64.neon.tbx4.v16i8
// CHECK: %[[Y3:.*]] = func.call @llvm.aarch64.neon.tbx4.v16i8
// CHECK: vector.transfer_write %[[Y3]]
// CHECK: tensor.expand_shape
// X86-LABEL: func.func @sigmoid
// X86: linalg.generic
// X86: tensor.extract
// ASM-LABEL: sigmoid:
// ASM: tbl v{{[0-9]+}}.16b, { v{{[0-9]+}}.16b, v{{[0-9]+}}.16b, v{{[0-9]+}}.16b, v{{[0-9]+}}.16b }, v{{[0-9]+}}.16b
// ASM-COUNT-3: tbx v{{[0-9]+}}.16b, { v{{[0-9]+}}.16b, v{{[0-9]+}}.16b, v{{[0-9]+}}.16b, v{{[0-9]+}}.16b }, v{{[0-9]+}}.16b
func.func @sigmoid(%x: tensor<1x4x5x3x!quant.uniform<i8:f32, 0.05:-3>>) -> tensor<1x4x5x3x!quant.uniform<i8:f32, 0.00390625:-128>> {
  %0 = qedge.table %x {function = #qedge.function<sigmoid>} : tensor<1x4x5x3x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<1x4x5x3x!quant.uniform<i8:f32, 0.00390625:-128>>
  return %0 : tensor<1x4x5x3x!quant.uniform<i8:f32, 0.00390625:-128>>
}
