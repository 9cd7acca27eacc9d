//===- QEdgeDialect.td - The qedge dialect -----------------*- tablegen -*-===//
//
// Part of quant-edge.
//
//===----------------------------------------------------------------------===//

#ifndef QEDGE_DIALECT_QEDGE_IR_QEDGEDIALECT_TD
#define QEDGE_DIALECT_QEDGE_IR_QEDGEDIALECT_TD

include "mlir/IR/OpBase.td"

def QEdge_Dialect : Dialect {
  let name = "qedge";
  let cppNamespace = "::mlir::qedge";
  let summary = "Quantized convolutional networks for edge CPUs";
  let description = [{
    The `qedge` dialect carries a convolutional network from float32 through
    calibration and quantization down to integer-only arithmetic.

    * Calibration ops (`qedge.calibrate`) mark float tensors whose range is
      learned and carry the statistics of a calibration run, so that choosing
      a range method is a pure compiler pass.
    * Quantized compute ops work on upstream `!quant.uniform` tensors, per
      tensor or per axis, so the IR interoperates with TOSA and every other
      front end that uses the `quant` dialect.
    * Every op that requantizes carries a typed `rounding` attribute naming
      the bit-exact requantization scheme it follows (`gemmlowp`, `rndnu` or
      `fp32`). `docs/QuantizationSpec.md` defines each one.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::quant::QuantDialect"
  ];
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 1;
  let extraClassDeclaration = [{
    void registerAttributes();
  }];
}

class QEdge_Op<string mnemonic, list<Trait> traits = []> :
    Op<QEdge_Dialect, mnemonic, traits>;

#endif // QEDGE_DIALECT_QEDGE_IR_QEDGEDIALECT_TD
