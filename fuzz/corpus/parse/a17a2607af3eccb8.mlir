func.func @i32_result_zero_point(%acc: tensor<4xi32>) -> tensor<4xi32> {
  %0 = qedge.rescale %acc {multiplier = array<i32: 1073741824>,
      shift = array<i32: 1>, output_zp = -100}
      : tensor<4xi32> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}
