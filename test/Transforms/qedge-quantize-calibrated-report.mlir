// The report (report=PATH) is written as the tools write their outputs: a
// regular file only once complete, through a temporary beside it that never
// remains; a device in place; a file that cannot be written is one located
// error and a failed run.
// RUN: rm -rf %t && mkdir -p %t/dir
// RUN: echo old > %t/report.json
// RUN: qedge-opt %s -qedge-quantize-calibrated=report=%t/report.json -o /dev/null
// RUN: FileCheck %s < %t/report.json
// RUN: qedge-opt %s -qedge-quantize-calibrated=report=%t/new.json -o /dev/null
// RUN: FileCheck %s < %t/new.json
// RUN: qedge-opt %s -qedge-quantize-calibrated=report=/dev/null -o /dev/null
// RUN: not qedge-opt %s -mlir-print-op-on-diagnostic=false -qedge-quantize-calibrated=report=%t/dir -o /dev/null 2>&1 | FileCheck %s --check-prefix=DIR --implicit-check-not='{{.}}'
// RUN: not qedge-opt %s -mlir-print-op-on-diagnostic=false -qedge-quantize-calibrated=report=%t/missing/report.json -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSING --implicit-check-not='{{.}}'
// RUN: not qedge-opt %s -mlir-print-op-on-diagnostic=false -qedge-quantize-calibrated=report=/dev/full -o /dev/null 2>&1 | FileCheck %s --check-prefix=FULL --implicit-check-not='{{.}}'
// RUN: ls -A %t | FileCheck %s --check-prefix=LS --implicit-check-not='{{.}}'

// The report of the one marked tensor: minmax over [0, 255] at 8 bits,
// asymmetric, gives S = 255 / 255 = 1, Z = round(127 - 255 / 1) = -128.
// CHECK: "options": {
// CHECK: "method": "minmax",
// CHECK: "tensors": [
// CHECK: "name": "input",
// CHECK: "minmax": {
// CHECK: "scale": 1,
// CHECK-NEXT: "zero_point": -128,

// DIR: {{.*}}qedge-quantize-calibrated-report.mlir:0:0: error: cannot write the report: '{{.*}}dir': cannot open for writing: Is a directory
// MISSING: {{.*}}qedge-quantize-calibrated-report.mlir:0:0: error: cannot write the report: '{{.*}}missing/report.json': cannot open for writing: No such file or directory
// FULL: {{.*}}qedge-quantize-calibrated-report.mlir:0:0: error: cannot write the report: '/dev/full': cannot write: No space left on device

// LS: dir
// LS-NEXT: new.json
// LS-NEXT: report.json

func.func @identity(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> {
  %xc = qedge.calibrate %x stats <count = 2, min = 0.0, max = 255.0, mean = 127.5, std = 127.5, batch_min = [0.0], batch_max = [255.0], bins = 2, histogram_range = 256.0, positive = [1, 1], negative = []> {name = "input"} : tensor<1x2x2x1xf32>
  return %xc : tensor<1x2x2x1xf32>
}
