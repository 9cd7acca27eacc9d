module attributes {qedge.target = #qedge.target<name = "t", triple = "x86_64-unknown-linux-gnu", cpu = "x86-64", features = "", vector_bits = 96, vector_registers = 16, int8_dot = "none">} {}
