module attributes {qedge.target = #qedge.target<name = "", triple = "x86_64-unknown-linux-gnu", cpu = "x86-64", features = "", vector_bits = 128, vector_registers = 16, int8_dot = "none">} {}
