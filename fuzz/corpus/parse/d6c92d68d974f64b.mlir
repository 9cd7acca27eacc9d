func.func @sub_result_storage(%a: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  %0 = qedge.sub %a, %a : (tensor<4x!quant.uniform<i8:f32, 0.1>>, tensor<4x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x!quant.uniform<i16:f32, 0.1>>
  return
}
