func.func @add(%a: tensor<2x3xi32>, %b: tensor<2x3xi32>) -> tensor<2x3xi32> {
  %sum = arith.addi %a, %b : tensor<2x3xi32>
  return %sum : tensor<2x3xi32>
}

func.func @dynamic(%a: tensor<?x3xi32>) -> tensor<?x3xi32> {
  return %a : tensor<?x3xi32>
}

func.func @quantized(%a: tensor<4x!quant.uniform<i8:f32, 0.5:3>>)
    -> tensor<4x!quant.uniform<i8:f32, 0.5:3>> {
  return %a : tensor<4x!quant.uniform<i8:f32, 0.5:3>>
}

func.func @float64(%a: tensor<2x3xi32>) -> tensor<2x3xf64> {
  %f = arith.sitofp %a : tensor<2x3xi32> to tensor<2x3xf64>
  return %f : tensor<2x3xf64>
}

func.func @scalar(%a: i32) -> i32 {
  return %a : i32
}

func.func @strided(%a: memref<2x3xi32, strided<[6, 2]>>) {
  return
}

func.func private @declared(%a: tensor<2x3xi32>) -> tensor<2x3xi32>

memref.global "private" constant @table : memref<2xi32> = dense<[1, 2]>
