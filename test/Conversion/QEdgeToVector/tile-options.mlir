// RUN: qedge-opt %s --qedge-set-target=target=x86-64-v4+vnni --convert-qedge-to-vector="tile-pixels=4 tile-channel-blocks=3 print-schedule" 2>&1 | FileCheck %s --check-prefix=FORCED
// RUN: qedge-opt %s --qedge-set-target=target=x86-64-v4+vnni --convert-qedge-to-vector="tile-pixels=2 print-schedule" 2>&1 | FileCheck %s --check-prefix=PIXELS
// RUN: not qedge-opt %s --qedge-set-target=target=x86-64-v4+vnni --convert-qedge-to-vector="tile-pixels=9" 2>&1 | FileCheck %s --check-prefix=WIDE
// RUN: not qedge-opt %s --qedge-set-target=target=x86-64-v4+vnni --convert-qedge-to-vector="tile-channel-blocks=5" 2>&1 | FileCheck %s --check-prefix=BLOCKS
// RUN: not qedge-opt %s --qedge-set-target=target=x86-64-v4+vnni --convert-qedge-to-vector="tile-pixels=8 tile-channel-blocks=4" 2>&1 | FileCheck %s --check-prefix=REGS
// RUN: not qedge-opt %s --qedge-set-target=target=x86-64-v3 --convert-qedge-to-vector="tile-pixels=4 tile-channel-blocks=4" 2>&1 | FileCheck %s --check-prefix=REGS-AVX2

// 8 output pixels per row, 64 output channels: 4 blocks of 16 (VNNI) or 8 of
// 8 (AVX2). A tile needs one accumulator per (pixel, block), one register per
// block of weights and one for the broadcast input.
// FORCED: remark: convolution kernel: tile 4 pixels x 3 blocks of 16 channels, 4 output blocks
// PIXELS: remark: convolution kernel: tile 2 pixels x {{[0-9]+}} blocks
// WIDE: error: cannot use the requested tile: tile of 9 pixels is wider than the output row (8)
// BLOCKS: error: cannot use the requested tile: tile of 5 channel blocks exceeds the 4 blocks of 16 output channels
// 8 x 4 accumulators + 4 weight registers + 1 broadcast = 37 > 32; on AVX2,
// 4 x 4 + 4 + 1, and one for vpmaddwd's product on its way to vpaddd = 22.
// REGS: error: cannot use the requested tile: tile of 8 pixels x 4 channel blocks needs 37 vector registers; the target has 32
// REGS-AVX2: error: cannot use the requested tile: tile of 4 pixels x 4 channel blocks needs 22 vector registers; the target has 16
func.func @conv(%x: tensor<1x8x8x32xi8>) -> tensor<1x8x8x64xi8> {
  %w = arith.constant dense<1> : tensor<64x3x3x32xi8>
  %b = arith.constant dense<0> : tensor<64xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x32xi8>, tensor<64x3x3x32xi8>, tensor<64xi32>) -> tensor<1x8x8x64xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -4>} : tensor<1x8x8x64xi32> -> tensor<1x8x8x64xi8>
  return %y : tensor<1x8x8x64xi8>
}
