module attributes {qedge.target = #qedge.target<name = "aarch64+dotprod", triple = "aarch64-unknown-linux-gnu", cpu = "generic", features = "+neon,+dotprod", vector_bits = 128, vector_registers = 32, int8_dot = "sdot">} {
  llvm.func @g() {
    llvm.return
  }
}
