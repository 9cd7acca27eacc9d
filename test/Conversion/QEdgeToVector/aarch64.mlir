// RUN: qedge-opt %s -split-input-file --qedge-set-target=target=aarch64+dotprod --convert-qedge-to-vector=print-schedule -o /dev/null 2>&1 | FileCheck %s --check-prefix=SCHED-DOT
// RUN: qedge-opt %s -split-input-file --qedge-set-target=target=aarch64+i8mm --convert-qedge-to-vector=print-schedule -o /dev/null 2>&1 | FileCheck %s --check-prefix=SCHED-MMLA
// RUN: qedge-opt %s -split-input-file --qedge-set-target=target=aarch64+i8mm --convert-qedge-to-vector | FileCheck %s --check-prefix=MMLA
// RUN: not qedge-opt %s -split-input-file --qedge-set-target=target=aarch64+i8mm --convert-qedge-to-vector="tile-pixels=3" -o /dev/null 2>&1 | FileCheck %s --check-prefix=PAIRS
// RUN: qedge-opt %s -split-input-file --qedge-set-target=target=aarch64+dotprod --convert-qedge-to-vector | FileCheck %s --check-prefix=DOT
// RUN: qedge-opt %s -split-input-file --qedge-set-target=target=aarch64 --convert-qedge-to-vector=print-schedule -o /dev/null 2>&1 | FileCheck %s --check-prefix=SCHED-NEON
// RUN: qedge-opt %s -split-input-file --qedge-set-target=target=aarch64 --convert-qedge-to-vector | FileCheck %s --check-prefix=NEON
// RUN: not qedge-opt %s -split-input-file --qedge-set-target=target=aarch64+dotprod --convert-qedge-to-vector="tile-pixels=8 tile-channel-blocks=3" -o /dev/null 2>&1 | FileCheck %s --check-prefix=REGS
// The whole file as one module, compiled to assembly (the pipeline and LLVM):
// RUN: qedge-compile %s --emit=asm --target=aarch64+dotprod -o - | FileCheck %s --check-prefix=DOT-ASM
// RUN: qedge-compile %s --emit=asm --target=aarch64+i8mm -o - | FileCheck %s --check-prefix=MMLA-ASM
// RUN: qedge-compile %s --emit=asm --target=aarch64 -o - | FileCheck %s --check-prefix=NEON-ASM

// Packing, worked by hand. Five output channels, five input channels, 1x1.
// sdot (aarch64+dotprod, and aarch64+i8mm, which runs the same kernel) reads
// blocks of 4 output channels x 4 input channels: the kernel row's 5 values
// are packed into two steps (the second one value and three zero weights) and
// 5 output channels to two blocks, packed [block][step][lane][4]:
//   block 0, group 0: w[0..3][0..3] = 1 1 1 1, 2 2 2 2, 3 3 3 3, 4 4 4 4
//   block 0, group 1: w[0..3][4], 0, 0, 0 = 1 0 0 0, 2 0 0 0, 3 0 0 0, 4 0 0 0
//   block 1, group 0: w[4][0..3] = -128 127 0 -1, then three zero lanes
//   block 1, group 1: w[4][4] = 5 0 0 0, then three zero lanes.
// sdot multiplies signed bytes: the u8 input is read as x ^ 0x80 = x - 128,
// which takes 128 * sum(w[k]) from channel k; the bias gives it back:
//   0 + 128 * 5 = 640, 10 + 128 * 10 = 1290, 20 + 1920 = 1940,
//   30 + 2560 = 2590, 40 + 128 * (-128 + 127 + 0 - 1 + 5) = 424.
// smlal (aarch64) multiplies i16: the input is widened (extui, no shift),
// the weights at compile time, one input channel per step, packed
// [block][channel][lane]; the bias is unchanged.
// SCHED-DOT: remark: convolution kernel: tile {{[0-9]+}} pixels x {{[0-9]+}} blocks of 4 channels, 2 output blocks, kernel rows packed into 2 steps of 4
// Channels that are not a multiple of smmla's 8 take the sdot kernel on
// aarch64+i8mm.
// SCHED-MMLA: remark: convolution kernel: tile {{[0-9]+}} pixels x {{[0-9]+}} blocks of 4 channels, 2 output blocks, kernel rows packed into 2 steps of 4
// SCHED-NEON: remark: convolution kernel: tile {{[0-9]+}} pixels x {{[0-9]+}} blocks of 4 channels, 2 output blocks, kernel rows packed into 1 steps of 16
// The intrinsic is declared once, at the top of the module.
// DOT: func.func private @llvm.aarch64.neon.sdot.v4i32.v16i8(vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32>
// DOT-LABEL: func.func @packing
// DOT-DAG: arith.constant dense<[1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, -128, 127, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]> : tensor<64xi8>
// DOT-DAG: arith.constant dense<[640, 1290, 1940, 2590, 424, 0, 0, 0]> : tensor<8xi32>
// The input's 30 bytes flip straight into the padded buffer, which holds
// the pad value (-128 once flipped) everywhere else: one whole vector in a
// loop and a last one masked to the 14 bytes left. The channels are not
// padded: the second step reads three values of the next pixel (times zero
// weights), and rows at the bottom keep the last pixel's read inside the
// buffer: a load of 16 values, rows of 15, so 4 rows, 60 bytes.
// DOT: %[[PADV:.*]] = arith.constant -128 : i8
// DOT: %[[SPLAT:.*]] = tensor.splat %[[PADV]] : tensor<60xi8>
// DOT: %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} : tensor<1x2x3x5xi8> into tensor<30xi8>
// DOT: %[[LOOP:.*]] = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %[[SPLAT]])
// DOT: vector.transfer_read %[[FLAT]][%{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<30xi8>, vector<16xi8>
// DOT: arith.xori %{{.*}}, %{{.*}} : vector<16xi8>
// DOT: %[[MASK:.*]] = vector.constant_mask [14] : vector<16xi1>
// DOT: vector.transfer_read %[[FLAT]][%{{.*}}], %{{.*}}, %[[MASK]] {in_bounds = [true]} : tensor<30xi8>, vector<16xi8>
// DOT: vector.transfer_write %{{.*}}, %[[LOOP]][%{{.*}}], %[[MASK]] {in_bounds = [true]} : vector<16xi8>, tensor<60xi8>
// DOT-NOT: tensor.pad
// Two groups per pixel, fewer than one load serves: one group per step, its
// four bytes splat to every lane.
// DOT: scf.for
// DOT: %[[G:.*]] = vector.transfer_read %{{.*}} : tensor<60xi8>, vector<4xi8>
// DOT: %[[WORD:.*]] = vector.bitcast %[[G]] : vector<4xi8> to vector<1xi32>
// DOT: %[[SPLAT:.*]] = vector.shuffle %[[WORD]], %[[WORD]] [0, 0, 0, 0] : vector<1xi32>, vector<1xi32>
// DOT: %[[X:.*]] = vector.bitcast %[[SPLAT]] : vector<4xi32> to vector<16xi8>
// DOT: %[[W:.*]] = vector.transfer_read %{{.*}} : tensor<64xi8>, vector<16xi8>
// DOT: func.call @llvm.aarch64.neon.sdot.v4i32.v16i8(%{{.*}}, %[[W]], %[[X]])
// Five output channels: a pixel's two blocks are stored together, masked.
// DOT: vector.transfer_write {{.*}} : vector<8xi8>, tensor<1x2x3x5xi8>
// DOT-NOT: qedge.int_conv2d
// On plain NEON no two weights that share an i16 lane are both -128, so the
// kernel sums byte products in pairs: per (pixel, channel) an accumulator
// that starts at [bias, 0, 0, 0] takes smull of the low halves of 16 input
// and 16 weight bytes, plus smull of the high halves (smlal2), added pairwise
// into its lanes (sadalp); the four channels of a block are summed across
// lanes by three addp before gemmlowp's requantization, which NEON's
// saturating and rounding instructions compute. The unsigned input is read
// as signed (x ^ 0x80), and the bias corrected by 128 * sum(w):
//   0 + 640, 10 + 1280, 20 + 1920, 30 + 2560, 40 + 128 * 3.
// NEON-DAG: func.func private @llvm.aarch64.neon.smull.v8i16(
// NEON-DAG: func.func private @llvm.aarch64.neon.saddlp.v4i32.v8i16(
// NEON-DAG: func.func private @llvm.aarch64.neon.addp.v4i32(
// NEON-DAG: func.func private @llvm.aarch64.neon.sqrdmulh.v4i32(
// NEON-DAG: func.func private @llvm.aarch64.neon.sqadd.v4i32(
// NEON-DAG: func.func private @llvm.aarch64.neon.srshl.v4i32(
// NEON-NOT: sdot
// NEON-LABEL: func.func @packing
// NEON-DAG: arith.constant dense<[640, 1290, 1940, 2590, 424, 0, 0, 0]> : tensor<8xi32>
// NEON: arith.xori %{{.*}} : vector<16xi8>
// NEON: %[[B:.*]] = vector.transfer_read %{{.*}} : tensor<8xi32>, vector<4xi32>
// NEON: %[[B0:.*]] = vector.shuffle %[[B]], %{{.*}} [0, 4, 5, 6] : vector<4xi32>, vector<4xi32>
// NEON: %[[X:.*]] = vector.transfer_read %{{.*}} : tensor<{{[0-9]+}}xi8>, vector<16xi8>
// NEON: %[[W:.*]] = vector.transfer_read %{{.*}} : tensor<128xi8>, vector<16xi8>
// NEON: %[[XL:.*]] = vector.shuffle %[[X]], %[[X]] [0, 1, 2, 3, 4, 5, 6, 7]
// NEON: %[[WL:.*]] = vector.shuffle %[[W]], %[[W]] [0, 1, 2, 3, 4, 5, 6, 7]
// NEON: %[[LO:.*]] = func.call @llvm.aarch64.neon.smull.v8i16(%[[XL]], %[[WL]])
// NEON: %[[XH:.*]] = vector.shuffle %[[X]], %[[X]] [8, 9, 10, 11, 12, 13, 14, 15]
// NEON: %[[WH:.*]] = vector.shuffle %[[W]], %[[W]] [8, 9, 10, 11, 12, 13, 14, 15]
// NEON: %[[HI:.*]] = func.call @llvm.aarch64.neon.smull.v8i16(%[[XH]], %[[WH]])
// NEON: %[[P2:.*]] = arith.addi %[[LO]], %[[HI]] : vector<8xi16>
// NEON: %[[SUMS:.*]] = func.call @llvm.aarch64.neon.saddlp.v4i32.v8i16(%[[P2]])
// NEON: arith.addi %{{.*}}, %[[SUMS]] : vector<4xi32>
// NEON: %[[A01:.*]] = func.call @llvm.aarch64.neon.addp.v4i32
// NEON: %[[A23:.*]] = func.call @llvm.aarch64.neon.addp.v4i32
// NEON: %[[S:.*]] = func.call @llvm.aarch64.neon.addp.v4i32(%[[A01]], %[[A23]])
// Shift -2: SRDHM, then a sign fix-up before the rounding shift by -2; as
// every channel shifts, the fix-up is the sign alone.
// NEON: %[[X0:.*]] = arith.subi %[[S]], %{{.*}} : vector<4xi32>
// NEON: %[[HIGH:.*]] = func.call @llvm.aarch64.neon.sqrdmulh.v4i32(%[[X0]],
// NEON: %[[NEG:.*]] = arith.subi %{{.*}} : vector<4xi32>
// NEON-NOT: arith.andi
// NEON: %[[FIX:.*]] = arith.shrsi %[[HIGH]], %{{.*}} : vector<4xi32>
// NEON: %[[SAT:.*]] = func.call @llvm.aarch64.neon.sqadd.v4i32(%[[HIGH]], %[[FIX]])
// NEON: func.call @llvm.aarch64.neon.srshl.v4i32(%[[SAT]], %[[NEG]])
// The tile's one block narrows to i16 beside itself, takes the output zero
// point with a saturating add and narrows to int8, which clamps; half of it
// is stored, the second block's store masked to one channel.
// NEON: %[[N:.*]] = func.call @llvm.aarch64.neon.sqxtn.v4i16(
// NEON: %[[WORDS:.*]] = vector.shuffle %[[N]], %[[N]] [0, 1, 2, 3, 4, 5, 6, 7] : vector<4xi16>, vector<4xi16>
// NEON: %[[ZP:.*]] = arith.constant dense<-5> : vector<8xi16>
// NEON: %[[SUM:.*]] = func.call @llvm.aarch64.neon.sqadd.v8i16(%[[WORDS]], %[[ZP]])
// NEON: %[[Y:.*]] = func.call @llvm.aarch64.neon.sqxtn.v8i8(%[[SUM]])
// NEON-NEXT: %[[HALF:.*]] = vector.shuffle %[[Y]], %[[Y]] [0, 1, 2, 3] : vector<8xi8>, vector<8xi8>
// NEON-NEXT: vector.transfer_write %[[HALF]], %{{.*}} : vector<4xi8>, tensor<1x2x3x5xi8>
// NEON-NOT: qedge.int_conv2d
func.func @packing(%x: tensor<1x2x3x5xi8>) -> tensor<1x2x3x5xi8> {
  %w = arith.constant dense<[[[[1, 1, 1, 1, 1]]], [[[2, 2, 2, 2, 2]]], [[[3, 3, 3, 3, 3]]], [[[4, 4, 4, 4, 4]]], [[[-128, 127, 0, -1, 5]]]]> : tensor<5x1x1x5xi8>
  %b = arith.constant dense<[0, 10, 20, 30, 40]> : tensor<5xi32>
  %acc = qedge.int_conv2d %x, %w, %b {input_unsigned, pad_value = 0 : i64} : (tensor<1x2x3x5xi8>, tensor<5x1x1x5xi8>, tensor<5xi32>) -> tensor<1x2x3x5xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -2>, output_zp = -5} : tensor<1x2x3x5xi32> -> tensor<1x2x3x5xi8>
  return %y : tensor<1x2x3x5xi8>
}

// -----

// A uint8 output with a zero point and a clamp narrower than uint8: the last
// narrow saturates to uint8 (sqxtun) and the clamp is left to the uint8
// lanes. Three blocks: the odd one narrows beside itself and keeps half.
// SCHED-DOT: remark: convolution kernel: tile 2 pixels x 3 blocks of 4 channels, 3 output blocks
// DOT-LABEL: func.func @narrow_unsigned
// DOT: %[[N0:.*]] = func.call @llvm.aarch64.neon.sqxtn.v4i16(
// DOT: %[[N1:.*]] = func.call @llvm.aarch64.neon.sqxtn.v4i16(
// DOT: %[[W01:.*]] = vector.shuffle %[[N0]], %[[N1]] [0, 1, 2, 3, 4, 5, 6, 7]
// DOT: arith.constant dense<100> : vector<8xi16>
// DOT: %[[S01:.*]] = func.call @llvm.aarch64.neon.sqadd.v8i16(%[[W01]],
// DOT: %[[Y01:.*]] = func.call @llvm.aarch64.neon.sqxtun.v8i8(%[[S01]])
// DOT: %[[N2:.*]] = func.call @llvm.aarch64.neon.sqxtn.v4i16(
// DOT: %[[W22:.*]] = vector.shuffle %[[N2]], %[[N2]] [0, 1, 2, 3, 4, 5, 6, 7]
// DOT: %[[S22:.*]] = func.call @llvm.aarch64.neon.sqadd.v8i16(%[[W22]],
// DOT: %[[Y22:.*]] = func.call @llvm.aarch64.neon.sqxtun.v8i8(%[[S22]])
// DOT: %[[Y2:.*]] = vector.shuffle %[[Y22]], %[[Y22]] [0, 1, 2, 3] : vector<8xi8>, vector<8xi8>
// DOT: %[[Y:.*]] = vector.shuffle %[[Y01]], %[[Y2]] [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] : vector<8xi8>, vector<4xi8>
// DOT: %[[LO:.*]] = arith.constant dense<110> : vector<12xi8>
// DOT: %[[MAX:.*]] = arith.maxui %[[Y]], %[[LO]] : vector<12xi8>
// DOT: %[[HI:.*]] = arith.constant dense<-6> : vector<12xi8>
// DOT: %[[MIN:.*]] = arith.minui %[[MAX]], %[[HI]] : vector<12xi8>
// DOT: vector.transfer_write %[[MIN]], %{{.*}} {in_bounds = [true]} : vector<12xi8>
// DOT-ASM-LABEL: {{^}}narrow_unsigned:
// DOT-ASM: sq{{(rshr|xt)}}n2 v{{[0-9]+}}.8h, v{{[0-9]+}}.4s
// DOT-ASM: sqxtun v{{[0-9]+}}.8b, v{{[0-9]+}}.8h
func.func @narrow_unsigned(%x: tensor<1x1x2x4xi8>) -> tensor<1x1x2x12xi8> {
  %w = arith.constant dense<1> : tensor<12x1x1x4xi8>
  %b = arith.constant dense<0> : tensor<12xi32>
  %acc = qedge.int_conv2d %x, %w, %b : (tensor<1x1x2x4xi8>, tensor<12x1x1x4xi8>, tensor<12xi32>) -> tensor<1x1x2x12xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: 0>, output_zp = 100, output_unsigned, clamp_min = 110, clamp_max = 250} : tensor<1x1x2x12xi32> -> tensor<1x1x2x12xi8>
  return %y : tensor<1x1x2x12xi8>
}

// -----

// The by-element sdot: 20 input channels are five groups; one 16-byte load
// per pixel serves groups 0 to 3, each splat from its 32-bit lane (what LLVM
// folds into sdot v.4s, w.16b, x.4b[g]), with the next 16 bytes of weights
// each; group 4 is a step of its own. The signed input needs no shift.
// SCHED-DOT: remark: convolution kernel: tile 2 pixels x 1 blocks of 4 channels, 1 output blocks, reduction padded to 20 input channels
// SCHED-MMLA: remark: convolution kernel: tile 2 pixels x 1 blocks of 4 channels, 1 output blocks, reduction padded to 20 input channels
// DOT-LABEL: func.func @by_element
// DOT-NOT: arith.xori
// DOT: %[[C0:.*]] = arith.constant 0 : index
// DOT: %[[C1:.*]] = arith.constant 1 : index
// DOT: scf.for %{{.*}} = %[[C0]] to %[[C1]] step
// DOT: %[[G16:.*]] = vector.transfer_read %{{.*}} : tensor<40xi8>, vector<16xi8>
// DOT: %[[W0:.*]] = vector.transfer_read %{{.*}} : tensor<80xi8>, vector<16xi8>
// DOT: %[[WORDS:.*]] = vector.bitcast %[[G16]] : vector<16xi8> to vector<4xi32>
// DOT: vector.shuffle %[[WORDS]], %[[WORDS]] [0, 0, 0, 0] : vector<4xi32>, vector<4xi32>
// DOT: func.call @llvm.aarch64.neon.sdot.v4i32.v16i8(%{{.*}}, %[[W0]], %{{.*}})
// DOT: %[[W1:.*]] = vector.transfer_read %{{.*}} : tensor<80xi8>, vector<16xi8>
// DOT: vector.shuffle %{{.*}} [1, 1, 1, 1] : vector<4xi32>, vector<4xi32>
// DOT: func.call @llvm.aarch64.neon.sdot.v4i32.v16i8(%{{.*}}, %[[W1]], %{{.*}})
// DOT: vector.shuffle %{{.*}} [3, 3, 3, 3] : vector<4xi32>, vector<4xi32>
// DOT: %[[C4:.*]] = arith.constant 4 : index
// DOT: %[[C5:.*]] = arith.constant 5 : index
// DOT: scf.for %{{.*}} = %[[C4]] to %[[C5]] step
// DOT: vector.transfer_read %{{.*}} : tensor<40xi8>, vector<4xi8>
// NEON-LABEL: func.func @by_element
// NEON-NOT: arith.extsi %{{.*}} : tensor<1x1x2x20xi8>
// NEON: func.call @llvm.aarch64.neon.smull.v8i16
func.func @by_element(%x: tensor<1x1x2x20xi8>) -> tensor<1x1x2x4xi8> {
  %w = arith.constant dense<1> : tensor<4x1x1x20xi8>
  %b = arith.constant dense<0> : tensor<4xi32>
  %acc = qedge.int_conv2d %x, %w, %b : (tensor<1x1x2x20xi8>, tensor<4x1x1x20xi8>, tensor<4xi32>) -> tensor<1x1x2x4xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: 0>} : tensor<1x1x2x4xi32> -> tensor<1x1x2x4xi8>
  return %y : tensor<1x1x2x4xi8>
}

// -----

// The hot loop in the assembly: a 1x3 kernel over 32 input channels is a run
// of 24 groups (96 i16 steps for smlal) per output row, six (24) iterations
// of four steps. The innermost loop holds the by-element instructions: the
// first one of the fourth step, then no label before a branch back to a
// label above (the branch target does not follow it).
// DOT-ASM-LABEL: {{^}}hot_loop:
// DOT-ASM: sdot v{{[0-9]+}}.4s, v{{[0-9]+}}.16b, v{{[0-9]+}}.4b[3]
// DOT-ASM-NOT: {{^\.LBB}}
// DOT-ASM: b.ne [[LOOP:\.LBB[0-9_]+]]
// DOT-ASM-NOT: {{^}}[[LOOP]]:
// DOT-ASM: .Lfunc_end
// On aarch64+i8mm, 32 channels are four steps of smmla's 8 per kernel column:
// a run of 12 steps, two per iteration.
// MMLA-ASM-LABEL: {{^}}hot_loop:
// MMLA-ASM: smmla v{{[0-9]+}}.4s, v{{[0-9]+}}.16b, v{{[0-9]+}}.16b
// MMLA-ASM-NOT: {{^\.LBB}}
// MMLA-ASM: b.ne [[LOOP:\.LBB[0-9_]+]]
// MMLA-ASM-NOT: {{^}}[[LOOP]]:
// MMLA-ASM-NOT: sdot
// MMLA-ASM: .Lfunc_end
// On plain NEON, its weights allow pair sums: smull, smlal2 and sadalp in
// the innermost loop.
// NEON-ASM-LABEL: {{^}}hot_loop:
// NEON-ASM: smull v{{[0-9]+}}.8h, v{{[0-9]+}}.8b, v{{[0-9]+}}.8b
// NEON-ASM-NOT: {{^\.LBB}}
// NEON-ASM: smlal2 v{{[0-9]+}}.8h, v{{[0-9]+}}.16b, v{{[0-9]+}}.16b
// NEON-ASM-NOT: {{^\.LBB}}
// NEON-ASM: sadalp v{{[0-9]+}}.4s, v{{[0-9]+}}.8h
// NEON-ASM-NOT: {{^\.LBB}}
// NEON-ASM: b.ne [[LOOP:\.LBB[0-9_]+]]
// NEON-ASM-NOT: {{^}}[[LOOP]]:
// NEON-ASM: .Lfunc_end
func.func @hot_loop(%x: tensor<1x2x12x32xi8>) -> tensor<1x2x12x4xi8> {
  %w = arith.constant dense<"0x0B30557A9FC4E90E33587DA2C7EC11365B80A5CAEF14395E83A8CDF2173C6186ABD0F51A3F6489AED3F81D42678CB1D6FB20456A8FB4D9FE23486D92B7DC01264B7095BADF04294E7398BDE2072C51769BC0E50A2F54799EC3E80D32577CA1C6EB10355A7FA4C9EE13385D82A7CCF1163B6085AACFF4193E6388ADD2F71C41668BB0D5FA1F44698EB3D8FD22476C91B6DB00254A6F94B9DE03284D7297BCE1062B50759ABFE4092E53789DC2E70C31567BA0C5EA0F34597EA3C8ED12375C81A6CBF0153A5F84A9CEF3183D6287ACD1F61B40658AAFD4F91E43688DB2D7FC21466B90B5DAFF24496E93B8DD02274C7196BBE0052A4F7499BEE3082D52779CC1E60B30557A9FC4E90E33587DA2C7EC11365B80A5CAEF14395E83A8CDF2173C6186ABD0F51A3F6489AED3F81D42678CB1D6FB20456A8FB4D9FE23486D92B7DC01264B7095BADF04294E7398BDE2072C51769BC0E50A2F54799EC3E80D32577CA1C6EB10355A7FA4C9EE13385D82A7CCF1163B6085AACFF4193E6388ADD2F71C4166"> : tensor<4x1x3x32xi8>
  %b = arith.constant dense<[1, -2, 3, -4]> : tensor<4xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 0, 0, 1, 1>} : (tensor<1x2x12x32xi8>, tensor<4x1x3x32xi8>, tensor<4xi32>) -> tensor<1x2x12x4xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1518500250>, shift = array<i32: -7>} : tensor<1x2x12x4xi32> -> tensor<1x2x12x4xi8>
  return %y : tensor<1x2x12x4xi8>
}

// -----

// The register budget: each pixel's input register serves four steps, so a
// tile needs its accumulators, one register per block of weights, one per
// pixel and two spare for the next step's weights: 8 x 3 + 3 + 8 + 2 = 37.
// REGS: error: cannot use the requested tile: tile of 8 pixels x 3 channel blocks needs 37 vector registers; the target has 32
// SCHED-DOT: remark: convolution kernel: tile {{[0-9]+}} pixels x {{[0-9]+}} blocks of 4 channels, 3 output blocks
// smmla's tiles: a register per pixel pair and two per block, pixels in
// pairs.
// SCHED-MMLA: remark: convolution kernel: tile {{[0-9]*[02468]}} pixels x {{[0-9]+}} blocks of 4 channels in 2x2 tiles, 3 output blocks
// PAIRS: error: cannot use the requested tile: tile of 3 pixels: the 'smmla' kernel takes pixels in pairs
func.func @registers(%x: tensor<1x1x8x16xi8>) -> tensor<1x1x8x12xi8> {
  %w = arith.constant dense<1> : tensor<12x1x1x16xi8>
  %b = arith.constant dense<0> : tensor<12xi32>
  %acc = qedge.int_conv2d %x, %w, %b : (tensor<1x1x8x16xi8>, tensor<12x1x1x16xi8>, tensor<12xi32>) -> tensor<1x1x8x12xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: 0>} : tensor<1x1x8x12xi32> -> tensor<1x1x8x12xi8>
  return %y : tensor<1x1x8x12xi8>
}

// -----

// smmla, worked by hand: 2x2 tiles of (pixel, output channel). 8 input
// channels are one step; the input is copied as pixel pairs (columns j and
// j + 1: 16 bytes per pair and step, 3 pairs per row of 4 pixels), the
// accumulators start at the bias as [b0, b1, b0, b1] and [b2, b3, b2, b3],
// and are rescaled as they lie; with one block, each alone, and each pixel's
// four int8 channels are then gathered from the two tiles.
// SCHED-MMLA: remark: convolution kernel: tile 4 pixels x 1 blocks of 4 channels in 2x2 tiles, 1 output blocks, reduction padded to 8 input channels
// MMLA-LABEL: func.func @pairs
// MMLA: %[[LO:.*]] = vector.transfer_read %{{.*}} : tensor<32xi8>, vector<8xi8>
// MMLA: %[[HI:.*]] = vector.transfer_read %{{.*}} : tensor<32xi8>, vector<8xi8>
// MMLA: vector.shuffle %[[LO]], %[[HI]] [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
// MMLA: vector.transfer_write %{{.*}} : vector<16xi8>, tensor<48xi8>
// MMLA: %[[B:.*]] = vector.transfer_read %{{.*}} : tensor<4xi32>, vector<4xi32>
// MMLA: %[[B01:.*]] = vector.shuffle %[[B]], %[[B]] [0, 1, 0, 1]
// MMLA: %[[B23:.*]] = vector.shuffle %[[B]], %[[B]] [2, 3, 2, 3]
// MMLA: %[[ACC:.*]]:4 = scf.for {{.*}} iter_args(%[[A0:.*]] = %[[B01]], %[[A1:.*]] = %[[B23]], %[[A2:.*]] = %[[B01]], %[[A3:.*]] = %[[B23]])
// MMLA: %[[X0:.*]] = vector.transfer_read %{{.*}} : tensor<48xi8>, vector<16xi8>
// MMLA: %[[X1:.*]] = vector.transfer_read %{{.*}} : tensor<48xi8>, vector<16xi8>
// MMLA: %[[W01:.*]] = vector.transfer_read %{{.*}} : tensor<32xi8>, vector<16xi8>
// MMLA: %[[W23:.*]] = vector.transfer_read %{{.*}} : tensor<32xi8>, vector<16xi8>
// MMLA: func.call @llvm.aarch64.neon.smmla.v4i32.v16i8(%[[A0]], %[[X0]], %[[W01]])
// MMLA: func.call @llvm.aarch64.neon.smmla.v4i32.v16i8(%[[A1]], %[[X0]], %[[W23]])
// MMLA: func.call @llvm.aarch64.neon.smmla.v4i32.v16i8(%[[A2]], %[[X1]], %[[W01]])
// MMLA: func.call @llvm.aarch64.neon.smmla.v4i32.v16i8(%[[A3]], %[[X1]], %[[W23]])
// MMLA: %[[X:.*]] = arith.subi %[[ACC]]#0, %{{.*}} : vector<4xi32>
// MMLA: func.call @llvm.aarch64.neon.sqrdmulh.v4i32(%[[X]],
// MMLA: %[[Y0:.*]] = arith.trunci %{{.*}} : vector<4xi32> to vector<4xi8>
// MMLA: arith.subi %[[ACC]]#1, %{{.*}} : vector<4xi32>
// MMLA: %[[Y1:.*]] = arith.trunci %{{.*}} : vector<4xi32> to vector<4xi8>
// MMLA: %[[PIXEL0:.*]] = vector.shuffle %[[Y0]], %[[Y1]] [0, 1, 4, 5] : vector<4xi8>, vector<4xi8>
// MMLA: vector.transfer_write %[[PIXEL0]]
// MMLA: %[[PIXEL1:.*]] = vector.shuffle %[[Y0]], %[[Y1]] [2, 3, 6, 7] : vector<4xi8>, vector<4xi8>
// MMLA: vector.transfer_write %[[PIXEL1]]
// MMLA: arith.subi %[[ACC]]#2, %{{.*}} : vector<4xi32>
// MMLA: arith.subi %[[ACC]]#3, %{{.*}} : vector<4xi32>
// MMLA-NOT: sdot
func.func @pairs(%x: tensor<1x1x4x8xi8>) -> tensor<1x1x4x4xi8> {
  %w = arith.constant dense<[[[[1, 2, 3, 4, 5, 6, 7, 8]]], [[[-1, -2, -3, -4, -5, -6, -7, -8]]], [[[127, 0, 0, 0, 0, 0, 0, -128]]], [[[0, 0, 0, 1, 1, 0, 0, 0]]]]> : tensor<4x1x1x8xi8>
  %b = arith.constant dense<[10, 20, 30, 40]> : tensor<4xi32>
  %acc = qedge.int_conv2d %x, %w, %b : (tensor<1x1x4x8xi8>, tensor<4x1x1x8xi8>, tensor<4xi32>) -> tensor<1x1x4x4xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -1>} : tensor<1x1x4x4xi32> -> tensor<1x1x4x4xi8>
  return %y : tensor<1x1x4x4xi8>
}

// -----

// With an even number of blocks, a pixel pair's tiles narrow together (two
// saturating narrows: zero point 0 and the int8 clamp need nothing more),
// and each pixel takes the even or the odd i16 lanes, its pairs of channels.
// SCHED-MMLA: remark: convolution kernel: tile 2 pixels x 2 blocks of 4 channels in 2x2 tiles, 2 output blocks
// MMLA-LABEL: func.func @pair_blocks
// MMLA: %[[ACC:.*]]:4 = scf.for
// MMLA: arith.subi %[[ACC]]#0, %{{.*}} : vector<4xi32>
// MMLA: %[[N0:.*]] = func.call @llvm.aarch64.neon.sqxtn.v4i16(
// MMLA: arith.subi %[[ACC]]#1, %{{.*}} : vector<4xi32>
// MMLA: %[[N1:.*]] = func.call @llvm.aarch64.neon.sqxtn.v4i16(
// MMLA: %[[W01:.*]] = vector.shuffle %[[N0]], %[[N1]] [0, 1, 2, 3, 4, 5, 6, 7] : vector<4xi16>, vector<4xi16>
// MMLA-NEXT: %[[Y01:.*]] = func.call @llvm.aarch64.neon.sqxtn.v8i8(%[[W01]])
// MMLA: arith.subi %[[ACC]]#2, %{{.*}} : vector<4xi32>
// MMLA: arith.subi %[[ACC]]#3, %{{.*}} : vector<4xi32>
// MMLA: %[[Y23:.*]] = func.call @llvm.aarch64.neon.sqxtn.v8i8(
// MMLA-NEXT: %[[Y:.*]] = vector.shuffle %[[Y01]], %[[Y23]] [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] : vector<8xi8>, vector<8xi8>
// MMLA-NEXT: %[[WORDS:.*]] = vector.bitcast %[[Y]] : vector<16xi8> to vector<8xi16>
// MMLA-NEXT: %[[EVEN:.*]] = vector.shuffle %[[WORDS]], %[[WORDS]] [0, 2, 4, 6] : vector<8xi16>, vector<8xi16>
// MMLA-NEXT: %[[PIXEL0:.*]] = vector.bitcast %[[EVEN]] : vector<4xi16> to vector<8xi8>
// MMLA: vector.transfer_write %[[PIXEL0]], %{{.*}} {in_bounds = [true]} : vector<8xi8>, tensor<1x1x2x8xi8>
// MMLA: %[[ODD:.*]] = vector.shuffle %[[WORDS]], %[[WORDS]] [1, 3, 5, 7] : vector<8xi16>, vector<8xi16>
// MMLA-NEXT: %[[PIXEL1:.*]] = vector.bitcast %[[ODD]] : vector<4xi16> to vector<8xi8>
// MMLA: vector.transfer_write %[[PIXEL1]], %{{.*}} {in_bounds = [true]} : vector<8xi8>, tensor<1x1x2x8xi8>
// MMLA-ASM-LABEL: {{^}}pair_blocks:
// MMLA-ASM: sq{{(rshr|xt)}}n2 v{{[0-9]+}}.8h, v{{[0-9]+}}.4s
// MMLA-ASM: uzp1 v{{[0-9]+}}.{{[48]}}h
// MMLA-ASM: uzp2 v{{[0-9]+}}.{{[48]}}h
func.func @pair_blocks(%x: tensor<1x1x2x8xi8>) -> tensor<1x1x2x8xi8> {
  %w = arith.constant dense<3> : tensor<8x1x1x8xi8>
  %b = arith.constant dense<[10, 20, 30, 40, 50, 60, 70, 80]> : tensor<8xi32>
  %acc = qedge.int_conv2d %x, %w, %b : (tensor<1x1x2x8xi8>, tensor<8x1x1x8xi8>, tensor<8xi32>) -> tensor<1x1x2x8xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -1>} : tensor<1x1x2x8xi32> -> tensor<1x1x2x8xi8>
  return %y : tensor<1x1x2x8xi8>
}

// -----

// An odd output width: smmla pairs pixels along rows, so the last column is
// a strip of vertical pairs, (y, 2) and (y + 1, 2), and the rows keep the
// even width 0..2. The strip has its own copy of the input: pairs of padded
// rows a and a + 1 (one padded row, 5 x 8 bytes, apart) in the two kernel
// columns inside the image (the third reads the right padding and is
// skipped), 4 pair rows x 2 columns x 16 bytes. Its tiles take every kernel
// row, a run of two steps each.
// SCHED-MMLA: remark: convolution kernel: tile 2 pixels x 1 blocks of 4 channels in 2x2 tiles, 1 output blocks, reduction padded to 8 input channels; border columns as strips of vertical pairs, 2 rows x 1 blocks, interior 0..2
// MMLA-LABEL: func.func @pair_column
// MMLA: %[[PADDED:.*]] = tensor.collapse_shape %{{.*}} : tensor<1x5x5x8xi8> into tensor<200xi8>
// MMLA: %[[EMPTY:.*]] = tensor.empty() : tensor<128xi8>
// MMLA: %[[STRIP:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[EMPTY]]) -> (tensor<128xi8>)
// MMLA: %[[ROW:.*]] = arith.muli %{{.*}}, %c8 : index
// MMLA: %[[BELOW:.*]] = arith.addi %[[ROW]], %c40 : index
// MMLA: vector.transfer_read %[[PADDED]][%{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<200xi8>, vector<8xi8>
// MMLA: vector.transfer_read %[[PADDED]][%{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<200xi8>, vector<8xi8>
// MMLA: vector.transfer_write %{{.*}} : vector<16xi8>, tensor<128xi8>
// MMLA: tensor.empty() : tensor<320xi8>
// MMLA: scf.for %{{.*}} = %{{.*}} to %c3{{(_[0-9]+)?}} step %{{.*}} iter_args({{.*}}) -> (vector<4xi32>, vector<4xi32>)
// MMLA: vector.transfer_read %[[STRIP]][%{{.*}}], %{{.*}} {in_bounds = [true]} : tensor<128xi8>, vector<16xi8>
// MMLA: func.call @llvm.aarch64.neon.smmla.v4i32.v16i8
// MMLA: vector.transfer_write %{{.*}}[%{{.*}}, %{{.*}}, %c2{{(_[0-9]+)?}}, %{{.*}}] {in_bounds = [true]} : vector<4xi8>, tensor<1x3x3x4xi8>
// MMLA: vector.transfer_write %{{.*}}[%{{.*}}, %{{.*}}, %c2{{(_[0-9]+)?}}, %{{.*}}] {in_bounds = [true]} : vector<4xi8>, tensor<1x3x3x4xi8>
func.func @pair_column(%x: tensor<1x3x3x8xi8>) -> tensor<1x3x3x4xi8> {
  %w = arith.constant dense<1> : tensor<4x3x3x8xi8>
  %b = arith.constant dense<[10, 20, 30, 40]> : tensor<4xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x3x3x8xi8>, tensor<4x3x3x8xi8>, tensor<4xi32>) -> tensor<1x3x3x4xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -1>} : tensor<1x3x3x4xi32> -> tensor<1x3x3x4xi8>
  return %y : tensor<1x3x3x4xi8>
}

// -----

// Per-channel parameters of a 2 x 2 tile's rescale are spread as its lanes
// are: [m0, m1, m0, m1] for the tile of channels 0 and 1, [m2, m3, m2, m3]
// for channels 2 and 3.
// MMLA-LABEL: func.func @pair_channel_params
// MMLA: llvm.aarch64.neon.smmla
// MMLA: %[[M:.*]] = vector.transfer_read %{{.*}} : tensor<4xi32>, vector<4xi32>
// MMLA-NEXT: %[[M01:.*]] = vector.shuffle %[[M]], %[[M]] [0, 1, 0, 1]
// MMLA-NEXT: func.call @llvm.aarch64.neon.sqrdmulh.v4i32(%{{.*}}, %[[M01]])
// MMLA: %[[M23:.*]] = vector.shuffle %[[N:.*]], %[[N]] [2, 3, 2, 3] : vector<4xi32>
// MMLA-NEXT: func.call @llvm.aarch64.neon.sqrdmulh.v4i32(%{{.*}}, %[[M23]])
func.func @pair_channel_params(%x: tensor<1x1x2x8xi8>) -> tensor<1x1x2x4xi8> {
  %w = arith.constant dense<3> : tensor<4x1x1x8xi8>
  %b = arith.constant dense<[10, 20, 30, 40]> : tensor<4xi32>
  %acc = qedge.int_conv2d %x, %w, %b : (tensor<1x1x2x8xi8>, tensor<4x1x1x8xi8>, tensor<4xi32>) -> tensor<1x1x2x4xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824, 1200000000, 1300000000, 1400000000>, shift = array<i32: -1, -2, -3, -4>} : tensor<1x1x2x4xi32> -> tensor<1x1x2x4xi8>
  return %y : tensor<1x1x2x4xi8>
}

// -----

// A channel that does not shift must not take the fix-up: the sign is
// masked by the negated shift, 0 there.
// MMLA-LABEL: func.func @unshifted_channel
// MMLA: %[[HIGH:.*]] = func.call @llvm.aarch64.neon.sqrdmulh.v4i32(
// MMLA: %[[NEG:.*]] = arith.subi %{{.*}} : vector<4xi32>
// MMLA: %[[SIGN:.*]] = arith.andi %[[HIGH]], %[[NEG]] : vector<4xi32>
// MMLA: arith.shrsi %[[SIGN]], %{{.*}} : vector<4xi32>
func.func @unshifted_channel(%x: tensor<1x1x2x8xi8>) -> tensor<1x1x2x4xi8> {
  %w = arith.constant dense<3> : tensor<4x1x1x8xi8>
  %b = arith.constant dense<[10, 20, 30, 40]> : tensor<4xi32>
  %acc = qedge.int_conv2d %x, %w, %b : (tensor<1x1x2x8xi8>, tensor<4x1x1x8xi8>, tensor<4xi32>) -> tensor<1x1x2x4xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824, 1200000000, 1300000000, 1400000000>, shift = array<i32: -1, 0, -3, -4>} : tensor<1x1x2x4xi32> -> tensor<1x1x2x4xi8>
  return %y : tensor<1x1x2x4xi8>
}

// -----

// Two weights of -128 that would share an i16 lane of smull + smlal2
// (input channels 0 and 8 of a step of 16): (-128) * (-128) twice is 2^15,
// which i16 does not hold. Plain NEON takes the exact kernel that widens
// every product to i32 (smlal on i16 operands); one -128 alone would not.
// NEON-LABEL: func.func @pair_overflow
// NEON: arith.extsi %{{.*}} : tensor<1x1x2x16xi8> to tensor<1x1x2x16xi16>
// NEON-NOT: llvm.aarch64.neon.smull
// NEON: arith.muli %{{.*}} : vector<4xi32>
// NEON-LABEL: func.func @one_min_weight
// NEON: func.call @llvm.aarch64.neon.smull.v8i16
func.func @pair_overflow(%x: tensor<1x1x2x16xi8>) -> tensor<1x1x2x4xi8> {
  %w = arith.constant dense<[[[[-128, 1, 1, 1, 1, 1, 1, 1, -128, 1, 1, 1, 1, 1, 1, 1]]], [[[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]]], [[[2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]]], [[[3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]]]]> : tensor<4x1x1x16xi8>
  %b = arith.constant dense<0> : tensor<4xi32>
  %acc = qedge.int_conv2d %x, %w, %b : (tensor<1x1x2x16xi8>, tensor<4x1x1x16xi8>, tensor<4xi32>) -> tensor<1x1x2x4xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -8>} : tensor<1x1x2x4xi32> -> tensor<1x1x2x4xi8>
  return %y : tensor<1x1x2x4xi8>
}
func.func @one_min_weight(%x: tensor<1x1x2x16xi8>) -> tensor<1x1x2x4xi8> {
  %w = arith.constant dense<[[[[-128, 1, 1, 1, 1, 1, 1, 1, -127, 1, 1, 1, 1, 1, 1, -128]]], [[[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]]], [[[2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]]], [[[3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]]]]> : tensor<4x1x1x16xi8>
  %b = arith.constant dense<0> : tensor<4xi32>
  %acc = qedge.int_conv2d %x, %w, %b : (tensor<1x1x2x16xi8>, tensor<4x1x1x16xi8>, tensor<4xi32>) -> tensor<1x1x2x4xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -8>} : tensor<1x1x2x4xi32> -> tensor<1x1x2x4xi8>
  return %y : tensor<1x1x2x4xi8>
}
