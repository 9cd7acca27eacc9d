// RUN: qedge-opt %s -split-input-file -qedge-insert-calibration | FileCheck %s
// RUN: qedge-opt %s -split-input-file -qedge-insert-calibration -qedge-insert-calibration | FileCheck %s
// RUN: qedge-opt %s -split-input-file -qedge-insert-calibration=mark-arguments=false | FileCheck %s --check-prefix=NOARGS
// RUN: qedge-opt %s -split-input-file -qedge-insert-calibration=mark-results=false | FileCheck %s --check-prefix=NORESULTS
// The second RUN line shows that the pass is idempotent: the same markers.

// Each marker is named after its op's name location (relu1), or the op and
// its position, or the argument.
// The input; the conv's result after its fused ReLU (the clamp, not the conv);
// not the reshape (it moves values); the matmul's result, which the function
// returns; both inputs of the add.
// CHECK-LABEL: func @network
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf32>)
// CHECK: %[[XC:.*]] = qedge.calibrate %[[X]] {name = "arg0"} : tensor<1x4x4x2xf32>
// CHECK: %[[CONV:.*]] = tosa.conv2d %[[XC]]
// CHECK-NOT: qedge.calibrate %[[CONV]]
// CHECK: %[[RELU:.*]] = tosa.clamp %[[CONV]]
// CHECK: %[[RELUC:.*]] = qedge.calibrate %[[RELU]] {name = "relu1"} : tensor<1x4x4x3xf32>
// CHECK: %[[SUM:.*]] = tosa.add %[[RELUC]], %[[RELUC]]
// CHECK: %[[SUMC:.*]] = qedge.calibrate %[[SUM]] {name = "add_2"}
// CHECK: %[[FLAT:.*]] = tosa.reshape %[[SUMC]]
// CHECK-NOT: qedge.calibrate %[[FLAT]]
// CHECK: %[[MM:.*]] = tosa.matmul %[[FLAT]]
// CHECK: %[[MMC:.*]] = qedge.calibrate %[[MM]] {name = "matmul_3"} : tensor<1x1x5xf32>
// CHECK: return %[[MMC]]
// CHECK-NOT: qedge.calibrate
// NOARGS-LABEL: func @network
// NOARGS-NOT: qedge.calibrate %arg0
// NOARGS: tosa.conv2d %arg0
// NOARGS: qedge.calibrate
// NORESULTS-LABEL: func @network
// NORESULTS: qedge.calibrate %arg0
// NORESULTS-NOT: qedge.calibrate
func.func @network(%x: tensor<1x4x4x2xf32>) -> tensor<1x1x5xf32> {
  %w = "tosa.const"() {values = dense<0.5> : tensor<3x1x1x2xf32>} : () -> tensor<3x1x1x2xf32>
  %b = "tosa.const"() {values = dense<0.0> : tensor<3xf32>} : () -> tensor<3xf32>
  %zp = "tosa.const"() {values = dense<0.0> : tensor<1xf32>} : () -> tensor<1xf32>
  %conv = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  %relu = tosa.clamp %conv {min_val = 0.0 : f32, max_val = 3.40282347E+38 : f32} : (tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32> loc("relu1")
  %sum = tosa.add %relu, %relu : (tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  %shape = tosa.const_shape {values = dense<[1, 1, 48]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %flat = tosa.reshape %sum, %shape : (tensor<1x4x4x3xf32>, !tosa.shape<3>) -> tensor<1x1x48xf32>
  %fw = "tosa.const"() {values = dense<0.25> : tensor<1x48x5xf32>} : () -> tensor<1x48x5xf32>
  %mm = tosa.matmul %flat, %fw, %zp, %zp : (tensor<1x1x48xf32>, tensor<1x48x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x5xf32>
  return %mm : tensor<1x1x5xf32>
}

// -----

// A marked tensor is left alone; integer arguments are not observed.
// CHECK-LABEL: func @already_marked
// NOARGS-LABEL: func @already_marked
// NORESULTS-LABEL: func @already_marked
// CHECK: qedge.calibrate %arg0
// CHECK-NOT: qedge.calibrate
// CHECK: return
func.func @already_marked(%x: tensor<4xf32>, %i: tensor<4xi8>) -> (tensor<4xf32>, tensor<4xi8>) {
  %0 = qedge.calibrate %x : tensor<4xf32>
  return %0, %i : tensor<4xf32>, tensor<4xi8>
}
