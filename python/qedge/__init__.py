"""quant-edge's Python package: pure Python that drives the C++ tools.

Modules:

- `mlir_text`: MLIR types, attributes, literals and functions written as
  text, for the programs that tests and importers generate.
"""
