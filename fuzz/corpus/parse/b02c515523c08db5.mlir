func.func @opaque(%a: tensor<2xi32>) -> tensor<2xi32> {
  %r = tosa.custom %a {domain_name = "qedge.test", operator_name = "opaque", implementation_attrs = ""} : (tensor<2xi32>) -> tensor<2xi32>
  return %r : tensor<2xi32>
}

func.func private @undefined_function(i32) -> i32
func.func @call_external(%a: tensor<2xi32>) -> tensor<2xi32> {
  %c0 = arith.constant 0 : index
  %x = tensor.extract %a[%c0] : tensor<2xi32>
  %y = func.call @undefined_function(%x) : (i32) -> i32
  %r = tensor.insert %y into %a[%c0] : tensor<2xi32>
  return %r : tensor<2xi32>
}
