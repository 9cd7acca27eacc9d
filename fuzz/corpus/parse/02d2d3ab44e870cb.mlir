module attributes {qedge.target = #qedge.target<name = "x86-64-v4+vnni", triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "+avx512vnni", vector_bits = 512, vector_registers = 32, int8_dot = "vpdpbusd">} {
  llvm.func @f() {
    llvm.return
  }
  llvm.func @external()
}
