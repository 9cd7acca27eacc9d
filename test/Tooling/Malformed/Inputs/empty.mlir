// A program on zero-sized tensors, which are valid: it runs and returns
// nothing but a shape.
func.func @main(%x: tensor<0x3xf32>) -> tensor<0x3xf32> {
  %0 = arith.negf %x : tensor<0x3xf32>
  return %0 : tensor<0x3xf32>
}
