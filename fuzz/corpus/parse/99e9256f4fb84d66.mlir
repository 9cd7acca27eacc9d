func.func @mul_product(%a: tensor<4x!quant.uniform<i16:f32, 0.1:32767>>) {
  %0 = qedge.mul %a, %a : (tensor<4x!quant.uniform<i16:f32, 0.1:32767>>, tensor<4x!quant.uniform<i16:f32, 0.1:32767>>) -> tensor<4x!quant.uniform<i16:f32, 0.1>>
  return
}
