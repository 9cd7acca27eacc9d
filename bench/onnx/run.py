"""Whole-network int8 inference: quant-edge against PyTorch's own quantized
networks (onednn and qnnpack engines), ResNet-18 and MobileNetV2.

    python3 bench/onnx/run.py [--rounds 5] [--runs 20] [--models resnet18,...]
        [--calibration-samples 16] [--rounding gemmlowp] [--workdir DIR]
        [--build DIR] [--qemu "qemu-aarch64 -cpu max -L SYSROOT"]

For each network, with torchvision's random initialisation
(`torch.manual_seed(0)`; nothing is downloaded):

1. the float network is exported to ONNX (opset 13) and quantized by
   `python3 -m qedge quantize` (minmax, 8 bits, calibrated on synthetic
   images); the compile time is the wall time of
   `qedge-compile --emit=obj --target=host`;
2. the same weights are loaded into torchvision's quantizable version
   (`torchvision.models.quantization.*(quantize=False)`), which is fused
   (`fuse_model()`), given the engine's `get_default_qconfig`, prepared,
   calibrated on the same images and converted, once per engine; the script
   checks that the layers really are quantized modules;
3. timing: batch 1, 224x224, one thread. Each round runs, per network,
   `qedge-run --benchmark=N` (the median of N calls after a warm-up; the
   JIT compile is not timed) and then N timed calls of each PyTorch model
   (median); the table gives the median over the rounds;
4. the quantized program is also compiled for AArch64
   (`--emit=exe --target=aarch64+dotprod`) and run under qemu; its output
   file must equal qedge-run's byte for byte.

The markdown table goes to stdout. On a shared machine the medians move
from run to run: rounds are interleaved so that a burst of other work hits
every implementation alike.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "python"))

from qedge.tools import find_tool  # noqa: E402

ENGINES = ("onednn", "qnnpack")
MODELS = ("resnet18", "mobilenet_v2")
IMAGE_SHAPE = (3, 224, 224)
BATCH_NORM_IMAGES = 32
QEMU = "qemu-aarch64 -cpu max -L /usr/aarch64-linux-gnu"
ARM_TARGET = "aarch64+dotprod"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_command(command: list[str]) -> str:
    """Runs `command`; its stdout. Exits with the command line and its
    stderr when it fails."""
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"error: command failed ({done.returncode}):\n  "
                 f"{shlex.join(command)}\n{done.stderr.strip()}")
    return done.stdout


# ===---------------------------------------------------------------------=== #
# The networks
# ===---------------------------------------------------------------------=== #


def synthetic_images(count: int, seed: int) -> np.ndarray:
    """`count` normalised random images, [count, 3, 224, 224] float32."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((count, *IMAGE_SHAPE)).astype(np.float32)


def float_network(name: str):
    """The float torchvision network `name` with seed-0 random weights, in
    eval mode. MobileNetV2's BatchNorm layers get running statistics from
    random images (their initial mean 0 / variance 1 shrink the activations
    at every block until they vanish)."""
    import torch
    import torchvision

    torch.manual_seed(0)
    model = getattr(torchvision.models, name)()
    if name == "mobilenet_v2":
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.reset_running_stats()
                module.momentum = None  # a cumulative average
        model.train()
        images = torch.from_numpy(synthetic_images(BATCH_NORM_IMAGES, 2))
        with torch.no_grad():
            for batch in images.split(8):
                model(batch)
    return model.eval()


def quantized_torch_network(name: str, engine: str, state: dict,
                            calibration: np.ndarray):
    """torchvision's quantizable `name` with the float weights `state`,
    post-training quantized for `engine` with its default qconfig."""
    import torch
    import torchvision.models.quantization as tvq
    from torch.ao.quantization import convert, get_default_qconfig, prepare

    torch.backends.quantized.engine = engine
    model = getattr(tvq, name)(quantize=False)
    model.load_state_dict(state)
    model.eval()
    model.fuse_model()
    model.qconfig = get_default_qconfig(engine)
    prepare(model, inplace=True)
    with torch.no_grad():
        for batch in torch.from_numpy(calibration).split(4):
            model(batch)
    convert(model, inplace=True)
    check_quantized(name, model)
    return model


def check_quantized(name: str, model) -> None:
    """Exits unless the network's convolutions and its classifier are
    quantized modules."""
    import torch
    import torch.nn.intrinsic.quantized as nniq
    import torch.nn.quantized as nnq

    first = model.conv1 if name == "resnet18" else model.features[0][0]
    if not isinstance(first, nniq.ConvReLU2d):
        sys.exit(f"error: {name}: the first convolution is "
                 f"{type(first).__module__}.{type(first).__name__}, not "
                 f"torch.nn.intrinsic.quantized.ConvReLU2d")
    floats = [n for n, m in model.named_modules()
              if type(m) in (torch.nn.Conv2d, torch.nn.Linear)]
    if floats:
        sys.exit(f"error: {name}: float layers left after convert: "
                 f"{', '.join(floats[:5])}")
    convs = [m for m in model.modules()
             if isinstance(m, (nnq.Conv2d, nniq.ConvReLU2d))]
    linears = [m for m in model.modules() if isinstance(m, nnq.Linear)]
    if not convs or not linears:
        sys.exit(f"error: {name}: no quantized convolution or linear layer")


# ===---------------------------------------------------------------------=== #
# quant-edge
# ===---------------------------------------------------------------------=== #


class QEdgeNetwork:
    """One network through quant-edge: the quantized program, its compile
    time and the AArch64 check."""

    def __init__(self, name: str, model, calibration: np.ndarray,
                 work: Path, args: argparse.Namespace) -> None:
        import torch

        self.name = name
        self.work = work
        self.qedge_run = find_tool("qedge-run", args.tool("qedge-run"))
        compiler = find_tool("qedge-compile", args.tool("qedge-compile"))
        onnx_path = work / f"{name}.onnx"
        torch.onnx.export(model, torch.zeros(1, *IMAGE_SHAPE), str(onnx_path),
                          opset_version=13, input_names=["x"],
                          output_names=["y"])
        calibration_path = work / f"{name}-calibration.npy"
        np.save(calibration_path, calibration)
        self.program = work / f"{name}.mlir"
        command = [sys.executable, "-m", "qedge", "quantize", str(onnx_path),
                   "--calibration", str(calibration_path), "--method",
                   "minmax", "--bits", "8", "--rounding", args.rounding,
                   "-o", str(self.program)]
        if args.build:
            command += ["--build", str(args.build)]
        log(f"{name}: {shlex.join(command)}")
        start = time.perf_counter()
        run_command(command)
        self.quantize_seconds = time.perf_counter() - start

        command = [compiler, str(self.program), "--emit=obj", "--target=host",
                   "--entry=main", f"--symbol-prefix={name}_",
                   "-o", str(work / f"{name}.o")]
        start = time.perf_counter()
        run_command(command)
        self.compile_seconds = time.perf_counter() - start
        self.arm_executable = work / f"{name}-aarch64"
        self.arm_command = [compiler, str(self.program), "--emit=exe",
                            f"--target={ARM_TARGET}", "--entry=main",
                            "-o", str(self.arm_executable)]
        start = time.perf_counter()
        run_command(self.arm_command)
        self.arm_compile_seconds = time.perf_counter() - start

    def run(self, x: Path, out: Path) -> np.ndarray:
        run_command([self.qedge_run, str(self.program), "--entry=main",
                     f"--input={x}", f"--output={out}"])
        return np.load(out)

    def benchmark_ms(self, x: Path, runs: int) -> float:
        """The median of `runs` calls, in ms, as qedge-run reports it."""
        output = run_command([self.qedge_run, str(self.program),
                              "--entry=main", f"--input={x}",
                              f"--benchmark={runs}"])
        match = re.search(r"median ([0-9.]+) us", output)
        if not match:
            sys.exit(f"error: no median in qedge-run's output: {output!r}")
        return float(match.group(1)) / 1000.0

    def same_on_aarch64(self, x: Path, qemu: str) -> str:
        """'yes' when the AArch64 executable under qemu writes the same
        bytes as qedge-run on this host, else what differs."""
        host = self.work / f"{self.name}-host.npy"
        arm = self.work / f"{self.name}-aarch64.npy"
        self.run(x, host)
        run_command(shlex.split(qemu) + [str(self.arm_executable),
                                         f"--input={x}", f"--output={arm}"])
        if host.read_bytes() == arm.read_bytes():
            return "yes"
        a, b = np.load(host), np.load(arm)
        return f"NO ({int((a != b).sum())} of {a.size} elements differ)"


def torch_benchmark_ms(model, engine: str, x, runs: int) -> float:
    """The median of `runs` timed calls (after two warm-up calls), in ms."""
    import torch

    torch.backends.quantized.engine = engine
    times = []
    with torch.no_grad():
        for _ in range(2):
            model(x)
        for _ in range(runs):
            start = time.perf_counter()
            model(x)
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000.0


def relative_error(y: np.ndarray, reference: np.ndarray) -> float:
    return float(np.linalg.norm(y - reference) / np.linalg.norm(reference))


# ===---------------------------------------------------------------------=== #
# Main
# ===---------------------------------------------------------------------=== #


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default=",".join(MODELS),
                        help=f"comma-separated, of {', '.join(MODELS)}")
    parser.add_argument("--rounds", type=int, default=5,
                        help="interleaved rounds (default 5)")
    parser.add_argument("--runs", type=int, default=20,
                        help="timed calls per implementation and round "
                             "(default 20)")
    parser.add_argument("--calibration-samples", type=int, default=16)
    parser.add_argument("--rounding", default="gemmlowp",
                        choices=("gemmlowp", "rndnu", "fp32"),
                        help="quant-edge's requantization (default gemmlowp)")
    parser.add_argument("--qemu", default=QEMU,
                        help=f"the AArch64 runner (default: {QEMU}); "
                             f"'none' skips the check")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="keep the models and programs here")
    parser.add_argument("--check-only", action="store_true",
                        help="no timing and no PyTorch quantized peers: "
                             "import, quantize, compile, and check that "
                             "the AArch64 output is the host's bytes "
                             "(the suite's test)")
    parser.add_argument("--build", type=Path, default=None,
                        help="the build directory whose bin/ holds the "
                             "tools (default: see qedge.tools)")
    args = parser.parse_args()
    args.tool = lambda name: (str(args.build / "bin" / name)
                              if args.build else None)
    for name in args.models.split(","):
        if name not in MODELS:
            parser.error(f"unknown model '{name}'")
    return args


def fmt(value: float) -> str:
    return f"{value:.2f}"


def main() -> int:
    args = parse_args()
    try:
        import torch
    except ImportError:
        sys.exit("error: this benchmark needs PyTorch and torchvision")
    missing = [e for e in ENGINES
               if e not in torch.backends.quantized.supported_engines]
    if missing:
        sys.exit(f"error: PyTorch lacks the quantized engines "
                 f"{', '.join(missing)}")
    torch.set_num_threads(1)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(REPO / "python"), os.environ.get("PYTHONPATH")]))

    temporary = None
    if args.workdir is None:
        temporary = tempfile.TemporaryDirectory()
        work = Path(temporary.name)
    else:
        work = args.workdir
        work.mkdir(parents=True, exist_ok=True)

    calibration = synthetic_images(args.calibration_samples, 0)
    x = synthetic_images(1, 1)
    x_path = work / "x.npy"
    np.save(x_path, x)
    x_torch = torch.from_numpy(x)

    networks = []
    for name in args.models.split(","):
        model = float_network(name)
        with torch.no_grad():
            reference = model(x_torch).numpy()
        qedge = QEdgeNetwork(name, model, calibration, work, args)
        if args.check_only:
            arm = qedge.same_on_aarch64(x_path, args.qemu)
            error = relative_error(qedge.run(x_path, work / f"{name}-y.npy"),
                                   reference)
            print(f"{name}: quantized, compiled for the host and for "
                  f"{ARM_TARGET}; AArch64 output identical: {arm}; relative "
                  f"error against float {error:.3f}")
            networks.append(arm == "yes")
            continue
        peers = {e: quantized_torch_network(name, e, model.state_dict(),
                                            calibration) for e in ENGINES}
        errors = {"qedge": relative_error(
            qedge.run(x_path, work / f"{name}-y.npy"), reference)}
        for engine, peer in peers.items():
            torch.backends.quantized.engine = engine
            with torch.no_grad():
                errors[engine] = relative_error(peer(x_torch).numpy(),
                                                reference)
        arm = ("not run" if args.qemu == "none"
               else qedge.same_on_aarch64(x_path, args.qemu))
        log(f"{name}: quantize {qedge.quantize_seconds:.1f} s, compile "
            f"{qedge.compile_seconds:.2f} s (host obj), "
            f"{qedge.arm_compile_seconds:.2f} s (AArch64 exe); "
            f"AArch64 output identical: {arm}")
        networks.append((name, qedge, peers, errors, arm))

    if args.check_only:
        return 0 if all(networks) else 1
    times = {(name, impl): [] for name, *_ in networks
             for impl in ("qedge",) + ENGINES}
    for round_index in range(args.rounds):
        log(f"round {round_index + 1}/{args.rounds}")
        for name, qedge, peers, _, _ in networks:
            times[name, "qedge"].append(qedge.benchmark_ms(x_path, args.runs))
            for engine, peer in peers.items():
                times[name, engine].append(
                    torch_benchmark_ms(peer, engine, x_torch, args.runs))

    print(f"Batch 1, 224x224, one thread; median of {args.rounds} "
          f"interleaved rounds of {args.runs} calls each. quant-edge: "
          f"minmax, 8 bits, {args.rounding} rounding, "
          f"{args.calibration_samples} calibration images; PyTorch "
          f"{torch.__version__}: eager post-training quantization with "
          f"each engine's default qconfig. Ratios are time / time: below 1 "
          f"quant-edge is faster.\n")
    print("| network | qedge ms | onednn ms | qnnpack ms | qedge / onednn "
          "| qedge / qnnpack | compile s | rel. error vs float "
          "(qedge / onednn / qnnpack) | AArch64 = x86 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for name, qedge, _, errors, arm in networks:
        median = {impl: statistics.median(times[name, impl])
                  for impl in ("qedge",) + ENGINES}
        error_text = " / ".join(f"{errors[i]:.3f}"
                                for i in ("qedge",) + ENGINES)
        print(f"| {name} | {fmt(median['qedge'])} | {fmt(median['onednn'])} "
              f"| {fmt(median['qnnpack'])} "
              f"| {median['qedge'] / median['onednn']:.2f} "
              f"| {median['qedge'] / median['qnnpack']:.2f} "
              f"| {qedge.compile_seconds:.2f} | {error_text} | {arm} |")
    print("\nPer round (ms), in order:")
    for (name, impl), values in times.items():
        print(f"- {name} {impl}: "
              f"{', '.join(fmt(value) for value in values)}")
    if temporary is not None:
        temporary.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
