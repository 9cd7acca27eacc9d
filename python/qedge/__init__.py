"""quant-edge's Python package: pure Python that drives the C++ tools.

Modules:

- `mlir_text`: MLIR types, attributes, literals and functions written as
  text, for the programs that tests and importers generate.
- `report`: the plots of a `qedge-quantize-calibrated` report
  (`python3 -m qedge report REPORT.json -o DIR`).
- `onnx_import`: float ONNX models to the TOSA float level.
- `onnx_quant`: quantized ONNX models (QDQ, QLinear*, *Integer) to the
  quantized `qedge` level.
- `importer`, `quantize`: the `import` and `quantize` subcommands.
- `tools`: finding and running the C++ tools.
"""
