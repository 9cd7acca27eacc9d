// RUN: qedge-opt %s -split-input-file --qedge-set-target=target=x86-64-v4+vnni --convert-qedge-to-vector=print-schedule -o /dev/null 2>&1 | FileCheck %s --check-prefix=SCHED
// RUN: qedge-opt %s -split-input-file --qedge-set-target=target=x86-64-v4+vnni --convert-qedge-to-vector -mlir-print-elementsattrs-with-hex-if-larger=100000 | FileCheck %s --check-prefix=VNNI
// RUN: qedge-opt %s -split-input-file --qedge-set-target=target=x86-64-v3 --convert-qedge-to-vector 2>&1 | FileCheck %s --check-prefix=AVX2
// RUN: qedge-opt %s -split-input-file --qedge-set-target=target=x86-64-v3 --convert-qedge-to-vector=print-schedule -o /dev/null 2>&1 | FileCheck %s --check-prefix=SCHED-AVX2
// RUN: qedge-opt %s -split-input-file --qedge-set-target=target=x86-64 --convert-qedge-to-vector 2>&1 | FileCheck %s --check-prefix=BASE

// Packing, worked by hand. Two output channels, three input channels, 1x1:
// vpdpbusd reads blocks of 16 output channels x 4 input channels. Three
// channels are not a multiple of 4, so the kernel row's run (1 x 3 values)
// is packed as a whole into one step, its fourth value a zero weight, and
// the 2 output channels pad to 16 lanes:
//   lane 0: w[0][0..2], 0 = 1, 2, 3, 0;   lane 1: w[1][0..2], 0 = 4, 5, 6, 0
// and 14 lanes of zeros. The signed input is read as unsigned (x ^ 0x80 =
// x + 128), which adds 128 * sum(w[k]) to channel k: the bias becomes
//   b[0] - 128 * 6 = 1000 - 768 = 232,   b[1] - 128 * 15 = -5 - 1920 = -1925,
// then zeros for the padding lanes.
// SCHED: remark: convolution kernel: tile 2 pixels x 1 blocks of 16 channels, 1 output blocks, kernel rows packed into 1 steps of 4
// The intrinsic is declared once, at the top of the module.
// VNNI: func.func private @llvm.x86.avx512.vpdpbusd.512(vector<16xi32>, vector<64xi8>, vector<64xi8>) -> vector<16xi32>
// VNNI-LABEL: func.func @packing
// VNNI-DAG: arith.constant dense<[1, 2, 3, 0, 4, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]> : tensor<64xi8>
// VNNI-DAG: arith.constant dense<[232, -1925, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]> : tensor<16xi32>
// The channels are not padded: the last step of a run reads the next
// pixel's first value (times a zero weight), and one more row at the bottom
// keeps the last pixel's read inside the buffer, which holds the pad value
// (0 ^ 0x80) elsewhere. The input's bytes flip straight into it a zmm
// register (64) at a time; six take one vector masked to them.
// VNNI: %[[PADV:.*]] = arith.constant -128 : i8
// VNNI: %[[SPLAT:.*]] = tensor.splat %[[PADV]] : tensor<12xi8>
// VNNI: %[[FLAT:.*]] = tensor.collapse_shape %{{.*}} {{\[\[}}0, 1, 2, 3]] : tensor<1x1x2x3xi8> into tensor<6xi8>
// VNNI: %[[MASK:.*]] = vector.constant_mask [6] : vector<64xi1>
// VNNI: %[[V:.*]] = vector.transfer_read %[[FLAT]][%{{.*}}], %{{.*}}, %[[MASK]] {in_bounds = [true]} : tensor<6xi8>, vector<64xi8>
// VNNI: %[[X:.*]] = arith.xori %[[V]], %{{.*}} : vector<64xi8>
// VNNI: vector.transfer_write %[[X]], %[[SPLAT]][%{{.*}}], %[[MASK]] {in_bounds = [true]} : vector<64xi8>, tensor<12xi8>
// VNNI-NOT: tensor.pad
// VNNI: scf.for
// VNNI: func.call @llvm.x86.avx512.vpdpbusd.512
// Two output channels of sixteen lanes: the store is masked.
// VNNI: vector.transfer_write {{.*}} : vector<16xi8>, tensor<1x1x2x2xi8>
// VNNI-NOT: qedge.int_conv2d
// AVX2: func.func private @llvm.x86.avx2.pmadd.wd(vector<16xi16>, vector<16xi16>) -> vector<8xi32>
// AVX2-LABEL: func.func @packing
// AVX2: func.call @llvm.x86.avx2.pmadd.wd
// BASE-LABEL: func.func @packing
// BASE: qedge.int_conv2d
// BASE: qedge.rescale
func.func @packing(%x: tensor<1x1x2x3xi8>) -> tensor<1x1x2x2xi8> {
  %w = arith.constant dense<[[[[1, 2, 3]]], [[[4, 5, 6]]]]> : tensor<2x1x1x3xi8>
  %b = arith.constant dense<[1000, -5]> : tensor<2xi32>
  %acc = qedge.int_conv2d %x, %w, %b {pad_value = 0 : i64} : (tensor<1x1x2x3xi8>, tensor<2x1x1x3xi8>, tensor<2xi32>) -> tensor<1x1x2x2xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: 0>} : tensor<1x1x2x2xi32> -> tensor<1x1x2x2xi8>
  return %y : tensor<1x1x2x2xi8>
}

// -----

// A 3x3 convolution with padding: the input is padded once with pad_value
// (read as unsigned: -3 ^ 0x80 = 125), its rows flipped into place, and
// each kernel row's (column, input channel) taps are one contiguous run of
// the padded row: 3 x 16 / 4 = 12 reduction steps.
// SCHED: remark: convolution kernel: tile {{[0-9]+}} pixels x {{[0-9]+}} blocks of 16 channels, 2 output blocks, reduction padded to 16 input channels
// VNNI-LABEL: func.func @padded
// VNNI: %[[PADV:.*]] = arith.constant 125 : i8
// VNNI: %[[SPLAT:.*]] = tensor.splat %[[PADV]] : tensor<896xi8>
// VNNI: scf.for %{{.*}} iter_args(%{{.*}} = %[[SPLAT]]) -> (tensor<896xi8>)
// VNNI-NOT: tensor.pad
// VNNI: %[[C12:.*]] = arith.constant 12 : index
// VNNI: scf.for %{{.*}} = %{{.*}} to %[[C12]]
// AVX2-LABEL: func.func @padded
// AVX2: arith.extsi %{{.*}} : tensor<1x6x5x16xi8> to tensor<1x6x5x16xi16>
// AVX2: arith.constant -3 : i16
func.func @padded(%x: tensor<1x6x5x16xi8>) -> tensor<1x6x5x32xi8> {
  %w = arith.constant dense<1> : tensor<32x3x3x16xi8>
  %b = arith.constant dense<7> : tensor<32xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, pad_value = -3 : i64} : (tensor<1x6x5x16xi8>, tensor<32x3x3x16xi8>, tensor<32xi32>) -> tensor<1x6x5x32xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -3>, rounding = #qedge.rounding<rndnu>} : tensor<1x6x5x32xi32> -> tensor<1x6x5x32xi8>
  return %y : tensor<1x6x5x32xi8>
}

// -----

// Grouped convolutions and weight zero points keep the generic lowering.
// SCHED-NOT: remark
// VNNI-LABEL: func.func @grouped
// VNNI: qedge.int_conv2d
// VNNI: qedge.rescale
func.func @grouped(%x: tensor<1x4x4x4xi8>) -> tensor<1x4x4x4xi8> {
  %w = arith.constant dense<1> : tensor<4x1x1x2xi8>
  %b = arith.constant dense<0> : tensor<4xi32>
  %acc = qedge.int_conv2d %x, %w, %b {groups = 2 : i64} : (tensor<1x4x4x4xi8>, tensor<4x1x1x2xi8>, tensor<4xi32>) -> tensor<1x4x4x4xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: 0>} : tensor<1x4x4x4xi32> -> tensor<1x4x4x4xi8>
  return %y : tensor<1x4x4x4xi8>
}

// -----

// Depthwise: channels in lanes, the taps of a channel as the reduction; the
// weights widened to i32 at compile time, [block][row][column][lane]:
// channel 0's taps 1..9 then channel 1's 11..19 land in lanes 0 and 1. The
// input is not copied: a tile whose taps all fall inside it reads it
// directly, the others read the pad value (0) outside it. Two channels in a
// block of 16: reads may cross into the next pixel, so they are not marked in
// bounds.
// SCHED: remark: depthwise kernel: tile 4 pixels x 16 channels
// VNNI-LABEL: func.func @depthwise
// VNNI-NOT: tensor.pad
// VNNI: arith.constant dense<[1, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 12, 0,
// VNNI: scf.if
// VNNI: vector.transfer_read %{{.*}} : tensor<32xi8>, vector<16xi8>
// VNNI: arith.extsi %{{.*}} : vector<16xi8> to vector<16xi32>
// VNNI: arith.muli %{{.*}}, %{{.*}} : vector<16xi32>
// VNNI: } else {
// VNNI: arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<16xi8>
// VNNI-NOT: qedge.int_conv2d
// BASE-LABEL: func.func @depthwise
// BASE: qedge.int_conv2d
func.func @depthwise(%x: tensor<1x4x4x2xi8>) -> tensor<1x4x4x2xi8> {
  %w = arith.constant dense<[[[[1], [2], [3]], [[4], [5], [6]], [[7], [8], [9]]], [[[11], [12], [13]], [[14], [15], [16]], [[17], [18], [19]]]]> : tensor<2x3x3x1xi8>
  %b = arith.constant dense<0> : tensor<2xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, groups = 2 : i64} : (tensor<1x4x4x2xi8>, tensor<2x3x3x1xi8>, tensor<2xi32>) -> tensor<1x4x4x2xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: 0>} : tensor<1x4x4x2xi32> -> tensor<1x4x4x2xi8>
  return %y : tensor<1x4x4x2xi8>
}

// -----

// A grayscale 3x3 stem: a kernel row is 3 values, one step of 4, so 3 steps
// per output where padding each pixel to 4 channels would take 9. Each input
// row of 8 bytes flips into its padded row of 10: 11 rows (one more at the
// bottom), each a vector masked to 8 bytes.
// SCHED: remark: convolution kernel: tile {{[0-9]+}} pixels x 2 blocks of 16 channels, 2 output blocks, kernel rows packed into 1 steps of 4
// VNNI-LABEL: func.func @grayscale_stem
// VNNI: %[[SPLAT:.*]] = tensor.splat %{{.*}} : tensor<110xi8>
// VNNI: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %[[SPLAT]]) -> (tensor<110xi8>)
// VNNI: vector.constant_mask [8] : vector<64xi1>
func.func @grayscale_stem(%x: tensor<1x8x8x1xi8>) -> tensor<1x4x4x32xi8> {
  %w = arith.constant dense<3> : tensor<32x3x3x1xi8>
  %b = arith.constant dense<0> : tensor<32xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x8x8x1xi8>, tensor<32x3x3x1xi8>, tensor<32xi32>) -> tensor<1x4x4x32xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: 0>} : tensor<1x4x4x32xi32> -> tensor<1x4x4x32xi8>
  return %y : tensor<1x4x4x32xi8>
}

// -----

// Border rows skip the kernel rows that read the padding above and below the
// image, worked by hand. 3x1 kernel over three rows, one row of padding on
// each side, pad value 5 (133 as the unsigned bytes vpdpbusd reads), one
// output channel whose kernel rows sum to 4, 8 and 12 over the four input
// channels. The bias 100 becomes 100 - 128 * 24 = -2972 for the signed input
// read as unsigned; output row 0 skips kernel row 0 and adds back what it
// would have added, 133 * 4: -2440; row 2 skips row 2: -2972 + 133 * 12 =
// -1376. Each output row's kernel-row loop runs over [first, end).
// VNNI-LABEL: func.func @border_rows
// VNNI-DAG: arith.constant dense<[-2440, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -2972, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1376, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]> : tensor<48xi32>
// VNNI-DAG: %[[FIRST:.*]] = arith.constant dense<[1, 0, 0]> : tensor<3xi32>
// VNNI-DAG: %[[END:.*]] = arith.constant dense<[3, 3, 2]> : tensor<3xi32>
// VNNI: scf.for %{{.*}} iter_args
// VNNI: scf.for %[[OH:[^ ]*]] =
// VNNI: %[[B:.*]] = arith.addi %{{.*}}, %{{.*}} : index
// VNNI: vector.transfer_read %{{.*}}[%[[B]]]{{.*}} : tensor<48xi32>, vector<16xi32>
// VNNI: %[[F:.*]] = tensor.extract %[[FIRST]][%[[OH]]] : tensor<3xi32>
// VNNI: %[[FI:.*]] = arith.index_cast %[[F]] : i32 to index
// VNNI: %[[E:.*]] = tensor.extract %[[END]][%[[OH]]] : tensor<3xi32>
// VNNI: %[[EI:.*]] = arith.index_cast %[[E]] : i32 to index
// VNNI: scf.for %{{.*}} = %[[FI]] to %[[EI]] step
func.func @border_rows(%x: tensor<1x3x1x4xi8>) -> tensor<1x3x1x1xi8> {
  %w = arith.constant dense<[[[[1, 1, 1, 1]], [[2, 2, 2, 2]], [[3, 3, 3, 3]]]]> : tensor<1x3x1x4xi8>
  %b = arith.constant dense<100> : tensor<1xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 1, 0, 0>, pad_value = 5 : i64} : (tensor<1x3x1x4xi8>, tensor<1x3x1x4xi8>, tensor<1xi32>) -> tensor<1x3x1x1xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -4>} : tensor<1x3x1x1xi32> -> tensor<1x3x1x1xi8>
  return %y : tensor<1x3x1x1xi8>
}

// -----

// A 7x7 image with one column of padding on each side: two of its seven
// output columns read padding with one kernel column in three. Rows of five
// interior pixels, and the two border columns as strips of seven rows that
// start their reduction at kernel column 1 (left) or stop it after column 1
// (right), cost less than rows over all seven columns. Each strip's bias adds
// back what the skipped column would have added, (-5 + 128) * 3 * 64 * 2 =
// 47232 for weights of 2, to 7 - 128 * 1152 = -147449 (the input read as
// unsigned): -100217 for both strips' 64 channels. The interior rows take the
// bias per output row (border rows skip kernel rows).
// SCHED: remark: convolution kernel: tile 5 pixels x 2 blocks of 16 channels, 4 output blocks, reduction padded to 64 input channels; border columns as strips of 7 rows x 2 blocks, interior 1..6
// VNNI-LABEL: func.func @border_strips
// VNNI-DAG: arith.constant dense<-100217> : tensor<128xi32>
// VNNI-DAG: arith.constant dense<{{.*}}> : tensor<448xi32>
func.func @border_strips(%x: tensor<1x7x7x64xi8>) -> tensor<1x7x7x64xi8> {
  %w = arith.constant dense<2> : tensor<64x3x3x64xi8>
  %b = arith.constant dense<7> : tensor<64xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, pad_value = -5 : i64} : (tensor<1x7x7x64xi8>, tensor<64x3x3x64xi8>, tensor<64xi32>) -> tensor<1x7x7x64xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -12>} : tensor<1x7x7x64xi32> -> tensor<1x7x7x64xi8>
  return %y : tensor<1x7x7x64xi8>
}

// -----

// Rows do not skip padding where that saves under 1% of the kernel rows: here
// one in 597 (output row 0's kernel row 0). Every row then runs all three
// kernel rows from constant bounds, and one bias serves them all: 100 - 128 *
// 12 = -1436 for the signed input read as unsigned, the pad read as 128
// multiplying row 0's padding taps like any other input.
// VNNI-LABEL: func.func @tall_rows_skip_nothing
// VNNI: arith.constant dense<[-1436, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]> : tensor<16xi32>
// VNNI-NOT: tensor.extract
// VNNI: scf.for
// VNNI-NOT: tensor.extract
// VNNI: return
func.func @tall_rows_skip_nothing(%x: tensor<1x200x1x4xi8>) -> tensor<1x199x1x1xi8> {
  %w = arith.constant dense<1> : tensor<1x3x1x4xi8>
  %b = arith.constant dense<100> : tensor<1xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 0, 0, 0>} : (tensor<1x200x1x4xi8>, tensor<1x3x1x4xi8>, tensor<1xi32>) -> tensor<1x199x1x1xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -4>} : tensor<1x199x1x1xi32> -> tensor<1x199x1x1xi8>
  return %y : tensor<1x199x1x1xi8>
}

// -----

// Strips keep three vector registers spare: 14 rows x 2 blocks would need 31
// of 32, and LLVM spills accumulators there, so a 14-row column takes two
// strip tiles of seven.
// SCHED: remark: convolution kernel: tile 12 pixels x 2 blocks of 16 channels, 4 output blocks, reduction padded to 64 input channels; border columns as strips of 7 rows x 2 blocks, interior 1..13
func.func @strip_registers(%x: tensor<1x14x14x64xi8>) -> tensor<1x14x14x64xi8> {
  %w = arith.constant dense<2> : tensor<64x3x3x64xi8>
  %b = arith.constant dense<7> : tensor<64xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x14x14x64xi8>, tensor<64x3x3x64xi8>, tensor<64xi32>) -> tensor<1x14x14x64xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -12>} : tensor<1x14x14x64xi32> -> tensor<1x14x14x64xi8>
  return %y : tensor<1x14x14x64xi8>
}

// -----

// fp32's epilogue on x86: cvtps2dq rounds half to even and converts in one
// instruction ({rn-sae} on AVX-512, MXCSR's default on AVX). Every scale is
// below 1, so the product of an i32 stays within the i32 range and needs no
// float clamp; the integer clamp to [lo - Z, hi - Z] = [0, 255] decides.
// VNNI-DAG: func.func private @llvm.x86.avx512.mask.cvtps2dq.512(vector<16xf32>, vector<16xi32>, i16, i32) -> vector<16xi32>
// VNNI-LABEL: func.func @fp32_epilogue
// VNNI: %[[F:.*]] = arith.sitofp %{{.*}} : vector<16xi32> to vector<16xf32>
// VNNI: %[[M:.*]] = arith.mulf %[[F]], %{{.*}} : vector<16xf32>
// VNNI-NOT: arith.maximumf
// VNNI-DAG: %[[PASS:.*]] = arith.constant dense<0> : vector<16xi32>
// VNNI-DAG: %[[ALL:.*]] = arith.constant -1 : i16
// VNNI-DAG: %[[RNE:.*]] = arith.constant 8 : i32
// VNNI: %[[I:.*]] = func.call @llvm.x86.avx512.mask.cvtps2dq.512(%[[M]], %[[PASS]], %[[ALL]], %[[RNE]])
// VNNI: %[[LO:.*]] = arith.maxsi %[[I]], %{{.*}} : vector<16xi32>
// VNNI: %[[HI:.*]] = arith.minsi %[[LO]], %{{.*}} : vector<16xi32>
// VNNI: %[[Y:.*]] = arith.addi %[[HI]], %{{.*}} : vector<16xi32>
// VNNI: arith.trunci %[[Y]] : vector<16xi32> to vector<16xi8>
// VNNI-NOT: arith.maximumf
// VNNI-NOT: arith.minimumf
// VNNI-NOT: math.roundeven
// VNNI: return
// AVX2-DAG: func.func private @llvm.x86.avx.cvt.ps2dq.256(vector<8xf32>) -> vector<8xi32>
// AVX2-LABEL: func.func @fp32_epilogue
// AVX2: %[[M:.*]] = arith.mulf %{{.*}} : vector<8xf32>
// AVX2-NOT: arith.maximumf
// AVX2: %[[I:.*]] = func.call @llvm.x86.avx.cvt.ps2dq.256(%[[M]]) : (vector<8xf32>) -> vector<8xi32>
// AVX2: arith.maxsi %[[I]], %{{.*}} : vector<8xi32>
// AVX2-NOT: arith.maximumf
// AVX2-NOT: math.roundeven
// AVX2: return
// BASE-LABEL: func.func @fp32_epilogue
// BASE: qedge.rescale
func.func @fp32_epilogue(%x: tensor<1x1x2x4xi8>) -> tensor<1x1x2x2xi8> {
  %w = arith.constant dense<[[[[1, 2, 3, 4]]], [[[5, 6, 7, 8]]]]> : tensor<2x1x1x4xi8>
  %b = arith.constant dense<[1000, -5]> : tensor<2xi32>
  %acc = qedge.int_conv2d %x, %w, %b : (tensor<1x1x2x4xi8>, tensor<2x1x1x4xi8>, tensor<2xi32>) -> tensor<1x1x2x2xi32>
  %y = qedge.rescale %acc {scale = array<f32: 0.125, 0.75>, output_zp = -128, rounding = #qedge.rounding<fp32>} : tensor<1x1x2x2xi32> -> tensor<1x1x2x2xi8>
  return %y : tensor<1x1x2x2xi8>
}

// -----

// A scale of 1.5 could take the product of a large accumulator past the i32
// range, where cvtps2dq gives INT32_MIN: the float clamp to [0, 255] stays,
// before the conversion.
// VNNI-LABEL: func.func @fp32_epilogue_large_scale
// VNNI: %[[M:.*]] = arith.mulf %{{.*}} : vector<16xf32>
// VNNI: %[[A:.*]] = arith.maximumf %[[M]], %{{.*}} : vector<16xf32>
// VNNI: %[[B:.*]] = arith.minimumf %[[A]], %{{.*}} : vector<16xf32>
// VNNI-NOT: math.roundeven
// VNNI: func.call @llvm.x86.avx512.mask.cvtps2dq.512(%[[B]],
// VNNI: return
// AVX2-LABEL: func.func @fp32_epilogue_large_scale
// AVX2: %[[A:.*]] = arith.maximumf %{{.*}} : vector<8xf32>
// AVX2: %[[B:.*]] = arith.minimumf %[[A]], %{{.*}} : vector<8xf32>
// AVX2: func.call @llvm.x86.avx.cvt.ps2dq.256(%[[B]])
// AVX2: return
func.func @fp32_epilogue_large_scale(%x: tensor<1x1x2x4xi8>) -> tensor<1x1x2x2xi8> {
  %w = arith.constant dense<[[[[1, 2, 3, 4]]], [[[5, 6, 7, 8]]]]> : tensor<2x1x1x4xi8>
  %b = arith.constant dense<[1000, -5]> : tensor<2xi32>
  %acc = qedge.int_conv2d %x, %w, %b : (tensor<1x1x2x4xi8>, tensor<2x1x1x4xi8>, tensor<2xi32>) -> tensor<1x1x2x2xi32>
  %y = qedge.rescale %acc {scale = array<f32: 0.125, 1.5>, output_zp = -128, rounding = #qedge.rounding<fp32>} : tensor<1x1x2x2xi32> -> tensor<1x1x2x2xi8>
  return %y : tensor<1x1x2x2xi8>
}

// -----

// gemmlowp's epilogue on AVX-512: SRDHM and RDBPOT are one rounding of the
// 64-bit product P = x * M0, (P + 2^30 + 2^(30+e) - [P < -2^30] * 2^31) >>
// (31 + e), or (P + 2^30) >> 31 where e = 0 (channel 0 here). vpmuldq
// multiplies the even lanes, then the odd ones moved to even positions, each
// operand sign-extended from its low half in place; a shuffle takes the low
// half of each i64 result. No remainder mask or threshold remains.
// VNNI-LABEL: func.func @gemmlowp_epilogue
// VNNI: %[[E:.*]] = vector.bitcast %{{.*}} : vector<16xi32> to vector<8xi64>
// VNNI: %[[EEVEN:.*]] = arith.andi %[[E]], %{{.*}} : vector<8xi64>
// VNNI: %[[XL:.*]] = arith.shli %{{.*}} : vector<8xi64>
// VNNI: %[[X:.*]] = arith.shrsi %[[XL]], %{{.*}} : vector<8xi64>
// VNNI: %[[ML:.*]] = arith.shli %{{.*}} : vector<8xi64>
// VNNI: %[[M:.*]] = arith.shrsi %[[ML]], %{{.*}} : vector<8xi64>
// VNNI: %[[P:.*]] = arith.muli %[[X]], %[[M]] : vector<8xi64>
// VNNI: %[[SHIFTS:.*]] = arith.cmpi ne, %[[EEVEN]], %{{.*}} : vector<8xi64>
// VNNI: %[[NEG:.*]] = arith.cmpi slt, %[[P]], %{{.*}} : vector<8xi64>
// VNNI: %[[SUM:.*]] = arith.addi %[[P]], %{{.*}} : vector<8xi64>
// VNNI: %[[FIXED:.*]] = arith.addi %[[SUM]], %{{.*}} : vector<8xi64>
// VNNI: %[[ROUNDED:.*]] = arith.select %[[NEG]], %[[FIXED]], %[[SUM]]
// VNNI: %[[S:.*]] = arith.addi %[[EEVEN]], %{{.*}} : vector<8xi64>
// VNNI: arith.shrsi %[[ROUNDED]], %[[S]] : vector<8xi64>
// VNNI: vector.shuffle %{{.*}}, %{{.*}} [1, 1, 3, 3, 5, 5, 7, 7, 9, 9, 11, 11, 13, 13, 15, 15]
// VNNI: arith.muli %{{.*}} : vector<8xi64>
// VNNI: vector.shuffle %{{.*}}, %{{.*}} [0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30] : vector<16xi32>, vector<16xi32>
// VNNI-NOT: vector<16xi64>
// VNNI: return
// AVX2-LABEL: func.func @gemmlowp_epilogue
// AVX2: arith.andi %{{.*}} : vector<8xi32>
// AVX2: return
func.func @gemmlowp_epilogue(%x: tensor<1x1x2x4xi8>) -> tensor<1x1x2x2xi8> {
  %w = arith.constant dense<[[[[1, 2, 3, 4]]], [[[5, 6, 7, 8]]]]> : tensor<2x1x1x4xi8>
  %b = arith.constant dense<[1000, -5]> : tensor<2xi32>
  %acc = qedge.int_conv2d %x, %w, %b : (tensor<1x1x2x4xi8>, tensor<2x1x1x4xi8>, tensor<2xi32>) -> tensor<1x1x2x2xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824, 1500000000>, shift = array<i32: 0, -5>, output_zp = 3} : tensor<1x1x2x2xi32> -> tensor<1x1x2x2xi8>
  return %y : tensor<1x1x2x2xi8>
}

// -----

// 256 x 3 x 3 x 256 packed weights are 576 KB, past the 256 KB that stay in
// a core's caches beside the activations: the runs of channel blocks are the
// outermost loop (batch, runs, rows), and the strips, which have the rows'
// blocks, run inside it after the rows.
// SCHED: remark: convolution kernel: tile 5 pixels x 2 blocks of 16 channels, 16 output blocks, reduction padded to 256 input channels; border columns as strips of 7 rows x 2 blocks, interior 1..6; runs of channel blocks outermost
// VNNI-LABEL: func.func @channel_runs_outermost
// VNNI: scf.for %{{.*}} = %{{.*}} to %c1_{{[0-9]+}} step %{{.*}} iter_args(%{{.*}}) -> (tensor<1x7x7x256xi8>)
// VNNI-NOT: scf.for
// VNNI: scf.for %{{.*}} = %{{.*}} to %c8 step %{{.*}} iter_args(%{{.*}}) -> (tensor<1x7x7x256xi8>)
// VNNI-NOT: scf.for
// VNNI: scf.for %{{.*}} = %{{.*}} to %c7_{{[0-9]+}} step %{{.*}} iter_args(%{{.*}}) -> (tensor<1x7x7x256xi8>)
func.func @channel_runs_outermost(%x: tensor<1x7x7x256xi8>) -> tensor<1x7x7x256xi8> {
  %w = arith.constant dense<2> : tensor<256x3x3x256xi8>
  %b = arith.constant dense<7> : tensor<256xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x7x7x256xi8>, tensor<256x3x3x256xi8>, tensor<256xi32>) -> tensor<1x7x7x256xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -12>} : tensor<1x7x7x256xi32> -> tensor<1x7x7x256xi8>
  return %y : tensor<1x7x7x256xi8>
}

// -----

// 128 x 3 x 3 x 128 weights: 147 KB packed for vpdpbusd, under the 256 KB
// that stay in a core's caches, so the rows stay outermost; the i16 pairs
// of vpmaddwd are twice that, 295 KB, and the runs of channel blocks are.
// SCHED: remark: convolution kernel: tile {{[0-9]+}} pixels x {{[0-9]+}} blocks of 16 channels, 8 output blocks, reduction padded to 128 input channels; border columns as strips of {{.*}}, interior 1..6; estimated
// SCHED-AVX2: remark: convolution kernel: tile {{[0-9]+}} pixels x {{[0-9]+}} blocks of 8 channels, 16 output blocks, reduction padded to 128 input channels; border columns as strips of {{.*}}, interior 1..6; runs of channel blocks outermost; estimated
func.func @weight_bytes(%x: tensor<1x7x7x128xi8>) -> tensor<1x7x7x128xi8> {
  %w = arith.constant dense<3> : tensor<128x3x3x128xi8>
  %b = arith.constant dense<-5> : tensor<128xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x7x7x128xi8>, tensor<128x3x3x128xi8>, tensor<128xi32>) -> tensor<1x7x7x128xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -12>} : tensor<1x7x7x128xi32> -> tensor<1x7x7x128xi8>
  return %y : tensor<1x7x7x128xi8>
}
