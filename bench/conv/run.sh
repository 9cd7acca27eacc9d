#!/usr/bin/env bash
# Int8 convolution, quant-edge vs oneDNN vs XNNPACK, one thread, batch 1:
# generates each layer's quantized program, compiles it with qedge-compile,
# builds the driver against the objects and the two libraries, runs it
# (outputs checked, peak measured, interleaved rounds), writes the CSVs and a
# chart. See bench/README.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
python=${PYTHON:-/usr/bin/python3}
llvm=${QEDGE_LLVM_DIR:-/usr/lib/llvm-22}
cxx=${CXX:-$llvm/bin/clang++}

target=host
rounding=gemmlowp
rounds=15
layers=L1,L2,L3,L4,L5,L6,L7,L8
activations=u8
input_zp=0
out=
qedge_compile=
min_sample_ms=10
peak_ms=20

usage() {
  cat <<EOF
usage: bash bench/conv/run.sh [options]
  --target NAME         qedge-compile target: host (default), x86-64,
                        x86-64-v3, x86-64-v4, x86-64-v4+vnni
  --rounding MODE       gemmlowp (default), rndnu or fp32
  --rounds N            interleaved rounds (default $rounds)
  --layers L1,L4        a subset of L1..L8 (default all)
  --activations u8|s8   quant-edge's input storage (default u8; the same reals)
  --input-zero-point Z  the input zero point in u8 terms (default 0)
  --quick               3 rounds of L3 and L7, short samples: a smoke test
  --out DIR             results directory (default bench/results/conv)
  --qedge-compile PATH  use this qedge-compile instead of building one
                        (default: scripts/build.sh qedge-compile, into
                        \$QEDGE_BUILD_DIR or build/)
  --min-sample-ms MS    calls are repeated until a sample lasts MS (default $min_sample_ms)
EOF
}

while [ $# -gt 0 ]; do
  arg=$1
  case $arg in
    --*=*) set -- "${arg%%=*}" "${arg#*=}" "${@:2}"; continue ;;
  esac
  need_value() { [ $# -ge 2 ] || { echo "run.sh: $1 needs a value" >&2; exit 2; }; }
  case $arg in
    --target) need_value "$@"; target=$2; shift 2 ;;
    --rounding) need_value "$@"; rounding=$2; shift 2 ;;
    --rounds) need_value "$@"; rounds=$2; shift 2 ;;
    --layers) need_value "$@"; layers=$2; shift 2 ;;
    --activations) need_value "$@"; activations=$2; shift 2 ;;
    --input-zero-point) need_value "$@"; input_zp=$2; shift 2 ;;
    --out) need_value "$@"; out=$2; shift 2 ;;
    --qedge-compile) need_value "$@"; qedge_compile=$2; shift 2 ;;
    --min-sample-ms) need_value "$@"; min_sample_ms=$2; shift 2 ;;
    --quick) rounds=3; layers=L3,L7; min_sample_ms=1; peak_ms=5; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option '$arg'" >&2; usage >&2; exit 2 ;;
  esac
done

case $target in
  host|x86-64|x86-64-v3|x86-64-v4|x86-64-v4+vnni) ;;
  *) echo "run.sh: --target must be an x86 target this host runs (got '$target')" >&2
     exit 2 ;;
esac
case $rounding in
  gemmlowp|rndnu|fp32) ;;
  *) echo "run.sh: --rounding must be gemmlowp, rndnu or fp32" >&2; exit 2 ;;
esac
layers=${layers// /}
case $rounds in
  ''|*[!0-9]*|0) echo "run.sh: --rounds must be a positive integer" >&2; exit 2 ;;
esac

out=${out:-$root/bench/results/conv}
work=$out/build
mkdir -p "$work"
out=$(cd "$out" && pwd)
work=$out/build

# quant-edge's compiler.
if [ -z "$qedge_compile" ]; then
  build=${QEDGE_BUILD_DIR:-$root/build}
  echo "== building qedge-compile in $build"
  if ! QEDGE_BUILD_DIR=$build bash "$root/scripts/build.sh" qedge-compile \
      >"$work/build-qedge.log" 2>&1; then
    tail -n 30 "$work/build-qedge.log" >&2
    echo "run.sh: building qedge-compile failed (log: $work/build-qedge.log)" >&2
    exit 1
  fi
  qedge_compile=$build/bin/qedge-compile
fi
[ -x "$qedge_compile" ] || { echo "run.sh: no qedge-compile at $qedge_compile" >&2; exit 2; }

# The layers: programs and parameters, then one object and header each.
echo "== generating layers $layers ($activations input, $rounding rounding)"
rm -f "$work"/*.mlir "$work"/*.params "$work"/*.o "$work"/*.h "$work/layers.inc"
"$python" "$here/layers.py" --out "$work" --layers "$layers" \
  --activations "$activations" --rounding "$rounding" \
  --input-zero-point "$input_zp"
IFS=, read -r -a layer_list <<<"$layers"
objects=()
echo "== qedge-compile --target=$target"
for name in "${layer_list[@]}"; do
  start=$EPOCHREALTIME
  "$qedge_compile" "$work/$name.mlir" --target="$target" \
    --symbol-prefix="${name}_" -o "$work/$name.o"
  awk -v n="$name" -v a="$start" -v b="$EPOCHREALTIME" \
    'BEGIN { printf "   %s: %.1f s\n", n, b - a }'
  objects+=("$work/$name.o")
done

# The driver.
echo "== building the driver ($cxx -O2 -march=native)"
cxxflags=(-std=c++17 -O2 -march=native -Wall -Wextra -I"$work" -I"$here")
driver_objects=()
for src in ConvLayer Peers Peak BenchConv; do
  "$cxx" "${cxxflags[@]}" -c "$here/$src.cpp" -o "$work/$src.o"
  driver_objects+=("$work/$src.o")
done
"$cxx" -fuse-ld=lld -o "$work/bench-conv" "${driver_objects[@]}" "${objects[@]}" \
  -ldnnl -lXNNPACK -lpthreadpool

# Run: one thread for oneDNN's OpenMP (the driver insists too).
echo "== running"
status=0
OMP_NUM_THREADS=1 "$work/bench-conv" --dir "$work" --out "$out" \
  --rounds "$rounds" --target "$target" --min-sample-ms "$min_sample_ms" \
  --peak-ms "$peak_ms" | tee "$out/table.txt" || status=$?
[ -f "$out/results.csv" ] || exit "${status:-1}"

"$python" "$here/plot.py" --results "$out/results.csv" --peak "$out/peak.csv" \
  --out "$out/conv.png"
echo "== results in $out: table.txt results.csv samples.csv peak.csv conv.png"
exit "$status"
