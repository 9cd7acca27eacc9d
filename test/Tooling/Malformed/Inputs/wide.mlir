// A program whose output (16 KiB) is larger than the file size limit of
// the tests that interrupt writes.
func.func @main(%x: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = arith.negf %x : tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}
