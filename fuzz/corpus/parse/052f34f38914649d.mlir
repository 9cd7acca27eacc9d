func.func @conv(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x2x2x3x!quant.uniform<i8:f32, 1.0:-4>> {
  %wi = arith.constant dense<[[[[1, -2]]], [[[3, 4]]], [[[-5, 6]]]]> : tensor<3x1x1x2xi8>
  %w = quant.scast %wi : tensor<3x1x1x2xi8> to tensor<3x1x1x2x!quant.uniform<i8:f32, 0.25>>
  %y = qedge.conv2d %x, %w {strides = array<i64: 2, 2>} : (tensor<1x4x4x2x!quant.uniform<u8:f32, 0.5:128>>, tensor<3x1x1x2x!quant.uniform<i8:f32, 0.25>>) -> tensor<1x2x2x3x!quant.uniform<i8:f32, 1.0:-4>>
  return %y : tensor<1x2x2x3x!quant.uniform<i8:f32, 1.0:-4>>
}

func.func @scale(%a: tensor<8xf32>, %b: tensor<2x2xi32>) -> (tensor<8xf32>, tensor<2x2xi32>) {
  %0 = call @helper(%a) : (tensor<8xf32>) -> tensor<8xf32>
  %1 = arith.addi %b, %b : tensor<2x2xi32>
  return %0, %1 : tensor<8xf32>, tensor<2x2xi32>
}

func.func private @helper(%a: tensor<8xf32>) -> tensor<8xf32> {
  %0 = arith.mulf %a, %a : tensor<8xf32>
  return %0 : tensor<8xf32>
}
