func.func @main(%a: tensor<4xi32>) -> tensor<4xi32> {
  %0 = arith.subi %a, %a : tensor<4xi32>
  %1 = arith.subi %0, %a : tensor<4xi32>
  return %1 : tensor<4xi32>
}

func.func @add(%a: tensor<4xi32>) -> tensor<4xi32> {
  %0 = arith.addi %a, %a : tensor<4xi32>
  return %0 : tensor<4xi32>
}

func.func @unsupported(%a: tensor<1x4x4x1xf32>) -> tensor<1x4x4x1xf32> {
  %0 = tosa.custom %a {domain_name = "vendor", operator_name = "op", implementation_attrs = ""} : (tensor<1x4x4x1xf32>) -> tensor<1x4x4x1xf32>
  return %0 : tensor<1x4x4x1xf32>
}

func.func @dynamic(%a: tensor<?xi32>) -> tensor<?xi32> {
  return %a : tensor<?xi32>
}
