func.func @mul(%a: tensor<i64>, %b: tensor<i64>) -> tensor<i64> {
  %x = tensor.extract %a[] : tensor<i64>
  %y = tensor.extract %b[] : tensor<i64>
  %p = arith.muli %x, %y : i64
  %r = tensor.from_elements %p : tensor<i64>
  return %r : tensor<i64>
}
