// RUN: qedge-opt %s --qedge-set-target=target=aarch64+i8mm --convert-qedge-to-vector=print-schedule -o /dev/null 2>&1 | FileCheck %s --check-prefix=SCHED
// RUN: not qedge-opt %s --qedge-set-target=target=aarch64+i8mm --convert-qedge-to-vector="tile-pixels=4 tile-channel-blocks=5" -o /dev/null 2>&1 | FileCheck %s --check-prefix=FORCED

// An smmla tile of 4 pixels x 5 blocks holds 20 accumulators (two pixel pairs
// x ten channel pairs), the two pairs' inputs and ten weight registers: 32,
// where LLVM spills an accumulator in the inner loop. Two registers stay free
// for the next step's loads, so 4 x 5 is not chosen and cannot be forced.
// SCHED: remark: convolution kernel: tile {{[0-9]*[02468]}} pixels x {{[1-4]}} blocks of 4 channels in 2x2 tiles
// FORCED: error: cannot use the requested tile: tile of 4 pixels x 5 channel blocks needs 34 vector registers; the target has 32
func.func @conv(%x: tensor<1x7x7x64xi8>) -> tensor<1x7x7x64xi8> {
  %w = arith.constant dense<2> : tensor<64x3x3x64xi8>
  %b = arith.constant dense<7> : tensor<64xi32>
  %acc = qedge.int_conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x7x7x64xi8>, tensor<64x3x3x64xi8>, tensor<64xi32>) -> tensor<1x7x7x64xi32>
  %y = qedge.rescale %acc {multiplier = array<i32: 1073741824>, shift = array<i32: -12>} : tensor<1x7x7x64xi32> -> tensor<1x7x7x64xi8>
  return %y : tensor<1x7x7x64xi8>
}
