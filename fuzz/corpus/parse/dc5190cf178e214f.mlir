module {
  llvm.func @h() {
    llvm.return
  }
}
