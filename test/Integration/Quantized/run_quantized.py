"""Differential test of `qedge.conv2d` / `qedge.quantize` at the quantized level.

For one group of random quantized convolutions (`--group`, fixed seeds), this
script writes one .mlir module whose `@main` computes every case of the group
in every rounding mode the case supports (quantized-level IR: the input an
`i8`/`i16` argument `quant.scast` to its `!quant.uniform` type, or an `f32`
argument or constant through `qedge.quantize`; weights and bias
`arith.constant` + `quant.scast`; the result `quant.scast` back to its
storage), runs it once with `qedge-run` (whose default pipeline folds the
quantized level with `qedge-fold-quant` and lowers it to LLVM), and compares
every output element exactly (`np.array_equal`) with the numpy reference
`quantized_reference.py`, which implements the quantized-level semantics of
`docs/QuantizationSpec.md` on its own: its own multipliers from the scales,
its own accumulator from the definition (padding = Zx), its own rounding.

Prints `GROUP: N cases, M elements compared, all equal`, a line per mode and,
where a case runs in all three modes, how many output elements differ between
the modes (computed by the reference and, separately, on the compiler's
outputs); checks the counts against the group's entry of
../expected_counts.py. Exits non-zero on any difference, naming the case, the
mode and the first differing elements, and writes a one-case repro module.

`--self-check` plants one wrong expected value and checks that the comparison
reports it. `--group=all` (or a comma-separated list, or a set of
GROUP_SETS) runs several groups and prints the totals per group for the
target.

On other targets (the options and the machinery of ../execution.py, shared
with ../run_cases.py): `--target=T` runs `qedge-run --target=T` (a target the
host cannot execute is skipped); `--compile-target=T` instead compiles each
group by `qedge-compile --emit=exe --entry=main --target=T` into a standalone
executable, run natively or under `--runner` (e.g. `qemu-aarch64 -cpu max -L
/usr/aarch64-linux-gnu`). `--save-outputs=DIR` keeps every output file as
DIR/GROUP/CASE-MODE.npy (CASE-quantize for a quantized f32 input or weights),
`--save-reference=DIR` writes the reference as the same .npy bytes, and
`--compare-outputs DIR DIR...` checks that such directories are identical;
`--on-target=T` does all of it for one target (the per-target tests). The
MLIR text is written with the qedge Python package's mlir_text (python/qedge).
"""

from __future__ import annotations

import argparse
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import numpy as np

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "python"))
import execution as ex  # noqa: E402
import expected_counts  # noqa: E402
import quantized_reference as qr  # noqa: E402
from quantized_reference import Conv, QType, MODES  # noqa: E402
from qedge import mlir_text as mt  # noqa: E402

# ===---------------------------------------------------------------------=== #
# Storage kinds and MLIR spelling
# ===---------------------------------------------------------------------=== #

KINDS = {
    # name: (container, signed, qmin, qmax)
    "s8": ("i8", True, -128, 127),
    "s8n": ("i8", True, -127, 127),
    "u8": ("i8", False, 0, 255),
    "s6": ("i8", True, -32, 31),
    "s6n": ("i8", True, -31, 31),
    "s4": ("i8", True, -8, 7),
    "s4n": ("i8", True, -7, 7),
    "u4": ("i8", False, 0, 15),
    "u6": ("i8", False, 0, 63),
    "s12": ("i16", True, -2048, 2047),
    "s16": ("i16", True, -32768, 32767),
    "s16n": ("i16", True, -32767, 32767),
}


def make_qtype(kind: str, scales, zps, axis=None) -> QType:
    container, signed, qmin, qmax = KINDS[kind]
    scales = [float(s) for s in np.atleast_1d(scales)]
    zps = [int(z) for z in np.atleast_1d(zps)]
    for z in zps:
        assert qmin <= z <= qmax, (kind, z)
    return QType(container, signed, qmin, qmax, scales, zps, axis)


def qtype_text(t: QType) -> str:
    """The `!quant.uniform` type of `t`."""
    storage = mt.quant_storage_type(t.bits, t.signed, t.qmin, t.qmax)
    return mt.quant_uniform_type(storage, t.scales, t.zps, t.axis)


def quant_tensor(shape, t: QType) -> str:
    """A tensor of `t`."""
    return mt.tensor_type(shape, qtype_text(t))


def storage_tensor(shape, t: QType) -> str:
    """A tensor of `t`'s storage container (i8, i16, i32)."""
    return mt.tensor_type(shape, t.container)


def npy_storage(values: np.ndarray, t: QType) -> np.ndarray:
    t.check_values(values)
    if t.container == "i8":
        return np.asarray(values, np.uint8 if not t.signed else np.int8)
    if t.container == "i16":
        return mt.signless(values, 16).astype(np.int16)
    raise ValueError(t.container)


def from_npy(array: np.ndarray, t: QType) -> np.ndarray:
    """qedge-run's result (a signless container) as storage values."""
    array = np.asarray(array)
    bits = t.bits
    assert array.dtype.itemsize * 8 == bits, (array.dtype, bits)
    if t.signed:
        return array.view(f"int{bits}").astype(np.int64)
    return array.view(f"uint{bits}").astype(np.int64)


# ===---------------------------------------------------------------------=== #
# Cases
# ===---------------------------------------------------------------------=== #


@dataclass
class Case:
    """One convolution (run in each of `modes`) and its input.

    input_kind: "storage" (an i8/i16 argument, quant.scast), "f32" (an f32
    argument, qedge.quantize), or "f32-const" (an f32 arith.constant,
    qedge.quantize, which the compiler may fold). For the f32 kinds the
    quantized input is returned as well and compared.
    """
    name: str
    conv: Conv
    x: np.ndarray                       # storage values (reference-quantized)
    real: Optional[np.ndarray] = None   # float32 input for the f32 kinds
    input_kind: str = "storage"
    modes: tuple = MODES
    # Float weights quantized by qedge.quantize into the filter type: "const"
    # (an f32 arith.constant, folded at compile time; the conv uses it) or
    # "arg" (an f32 argument quantized at run time and returned; the conv
    # uses the integer constant). Either way the quantized weights are
    # returned and compared with the reference's quantize.
    w_real: Optional[np.ndarray] = None
    w_input_kind: str = "int"
    # The rounding of the input's qedge.quantize (f32 kinds): None (the
    # default, a division) or "qnnpack" (the reciprocal of the scale).
    quantize_rounding: Optional[str] = None
    # "scast": storage-typed (i8 / i16) arguments and results, quant.scast
    # inside; "quant": !quant.uniform arguments and results (the fold pass
    # turns the signature into storage types).
    signature: str = "scast"

    def __post_init__(self):
        self.modes = tuple(m for m in self.modes if self.conv.supported(m))
        assert self.modes, self.name

    # -- MLIR ------------------------------------------------------------ #

    def arg_types(self) -> list[str]:
        shape = self.conv.input_shape
        types = []
        if self.input_kind == "storage" and self.signature == "quant":
            types.append(quant_tensor(shape, self.conv.x_type))
        elif self.input_kind == "storage":
            types.append(storage_tensor(shape, self.conv.x_type))
        elif self.input_kind == "f32":
            types.append(mt.tensor_type(shape, "f32"))
        if self.w_input_kind == "arg":
            types.append(mt.tensor_type(self.conv.w.shape, "f32"))
        return types

    def arg_arrays(self) -> list[np.ndarray]:
        arrays = []
        if self.input_kind == "storage":
            arrays.append(npy_storage(self.x, self.conv.x_type))
        elif self.input_kind == "f32":
            arrays.append(np.asarray(self.real, np.float32))
        if self.w_input_kind == "arg":
            arrays.append(np.asarray(self.w_real, np.float32))
        return arrays

    def outputs(self) -> list[tuple[str, QType, tuple]]:
        """(label, type, shape) of every result, in order."""
        out = [(mode, self.conv.y_type, self.conv.output_shape())
               for mode in self.modes]
        if self.input_kind != "storage":
            out.append(("quantize", self.conv.x_type, self.conv.input_shape))
        if self.w_input_kind != "int":
            out.append(("quantize", self.conv.w_type, self.conv.w.shape))
        return out

    def emit(self, p: str, args: list[str]) -> tuple[list[str], list[str]]:
        c = self.conv
        lines = []
        xq_ty = quant_tensor(c.input_shape, c.x_type)
        if self.input_kind == "storage" and self.signature == "quant":
            x_value = args[0]
        elif self.input_kind == "storage":
            lines.append(mt.storage_cast(
                f"%{p}x", args[0], storage_tensor(c.input_shape, c.x_type),
                xq_ty))
        else:
            f32_ty = mt.tensor_type(c.input_shape, "f32")
            src = args[0] if self.input_kind == "f32" else f"%{p}r"
            if self.input_kind == "f32-const":
                lines.append(mt.constant(f"%{p}r", mt.dense_f32_hex(self.real),
                                         f32_ty))
            attrs = ({"rounding": mt.rounding_attr(self.quantize_rounding)}
                     if self.quantize_rounding else {})
            attr_text = " " + mt.attr_dict(attrs) if attrs else ""
            lines.append(f"%{p}x = qedge.quantize {src}{attr_text} : {f32_ty} "
                         f"-> {xq_ty}")
        w_int = storage_tensor(c.w.shape, c.w_type)
        w_ty = quant_tensor(c.w.shape, c.w_type)
        w_f32 = mt.tensor_type(c.w.shape, "f32")
        if self.w_input_kind == "const":
            lines.append(mt.constant(f"%{p}wr", mt.dense_f32_hex(self.w_real),
                                     w_f32))
            lines.append(f"%{p}w = qedge.quantize %{p}wr : {w_f32} -> {w_ty}")
        else:
            lines.append(mt.constant(
                f"%{p}wi", mt.dense_elements(c.w, c.w_type.bits), w_int))
            lines.append(mt.storage_cast(f"%{p}w", f"%{p}wi", w_int, w_ty))
        if self.w_input_kind == "arg":
            lines.append(f"%{p}wq = qedge.quantize {args[-1]} : {w_f32} -> "
                         f"{w_ty}")
        if self.input_kind != "storage" or self.signature != "quant":
            x_value = f"%{p}x"
        operands = f"{x_value}, %{p}w"
        operand_types = [xq_ty, w_ty]
        if c.bias is not None:
            b_type = bias_type(c)
            b_int = storage_tensor((c.oc,), b_type)
            b_ty = quant_tensor((c.oc,), b_type)
            lines.append(mt.constant(f"%{p}bi", mt.dense_elements(c.bias, 32),
                                     b_int))
            lines.append(mt.storage_cast(f"%{p}b", f"%{p}bi", b_int, b_ty))
            operands += f", %{p}b"
            operand_types.append(b_ty)
        y_q = quant_tensor(c.output_shape(), c.y_type)
        y_int = storage_tensor(c.output_shape(), c.y_type)
        conv_attrs: dict[str, str | None] = {**mt.conv_geometry_attrs(
            c.strides, c.padding, c.dilations, c.groups)}
        if c.clamp_min is not None:
            conv_attrs["clamp_min"] = mt.float_attr(c.clamp_min)
        if c.clamp_max is not None:
            conv_attrs["clamp_max"] = mt.float_attr(c.clamp_max)
        results = []
        for mode in self.modes:
            attrs = dict(conv_attrs)
            # gemmlowp, the default, is written out in about half the cases.
            if mode != "gemmlowp" or (zlib.crc32(p.encode()) & 1):
                attrs["rounding"] = mt.rounding_attr(mode)
            attr_text = " " + mt.attr_dict(attrs) if attrs else ""
            lines.append(f"%{p}y_{mode} = qedge.conv2d {operands}{attr_text} : "
                         f"({', '.join(operand_types)}) -> {y_q}")
            if self.signature == "quant":
                results.append((f"%{p}y_{mode}", y_q))
            else:
                lines.append(mt.storage_cast(f"%{p}o_{mode}", f"%{p}y_{mode}",
                                             y_q, y_int))
                results.append((f"%{p}o_{mode}", y_int))
        if self.input_kind != "storage":
            x_int = storage_tensor(c.input_shape, c.x_type)
            lines.append(mt.storage_cast(f"%{p}xo", f"%{p}x", xq_ty, x_int))
            results.append((f"%{p}xo", x_int))
        if self.w_input_kind != "int":
            w_value = f"%{p}w" if self.w_input_kind == "const" else f"%{p}wq"
            lines.append(mt.storage_cast(f"%{p}wo", w_value, w_ty, w_int))
            results.append((f"%{p}wo", w_int))
        return lines, results

    # -- reference --------------------------------------------------------- #

    def expected(self) -> list[np.ndarray]:
        acc = self.conv.accumulate(self.x)
        out = [self.conv.run(self.x, mode, acc) for mode in self.modes]
        if self.input_kind != "storage":
            out.append(self.x)
        if self.w_input_kind != "int":
            t = self.conv.w_type
            wq = np.stack([qr.quantize(self.w_real[k], t.scale(k), t.zp(k), t.qmin, t.qmax)
                           for k in range(self.conv.oc)])
            # The conv's filter is the reference-quantized float weights.
            assert np.array_equal(wq, self.conv.w)
            out.append(wq)
        return out


def bias_type(c: Conv) -> QType:
    """i32 bias at exactly S_in * S_w[c] (a double product), zero point 0."""
    s_in = c.x_type.scale()
    scales = [s_in * s for s in c.w_type.scales]
    if getattr(c, "bias_scale_offset", None):
        scales = [s + c.bias_scale_offset * c.y_type.scale() for s in scales]
    return QType("i32", True, qr.I32_MIN, qr.I32_MAX, scales, [0],
                 None if c.w_type.axis is None else 0)


# The function computing every case of a group.
ENTRY = "main"


def module_text(cases: list[Case]) -> str:
    return ex.entry_module(
        ENTRY, cases, lambda p, case, names: case.emit(p, names),
        "test/Integration/Quantized/run_quantized.py")


# ===---------------------------------------------------------------------=== #
# Random generation
# ===---------------------------------------------------------------------=== #


def rand_scale(rng, lo=-3.0, hi=-0.5) -> float:
    """A random double scale (full 53-bit mantissa)."""
    return float(10.0 ** rng.uniform(lo, hi))


def pick_zp(rng, kind: str, how) -> int:
    _, _, qmin, qmax = KINDS[kind]
    if how == "min":
        return qmin
    if how == "max":
        return qmax
    if how == "zero":
        return 0
    if how == "rand":
        return int(rng.integers(qmin, qmax + 1))
    if how == "mid":
        return (qmin + qmax + 1) // 2
    return int(how)


def make_conv(rng, *, x_kind="s8", w_kind="s8n", y_kind="s8",
              shape=(1, 6, 6, 4), oc=4, kernel=(3, 3), groups=1,
              strides=(1, 1), padding=(1, 1, 1, 1), dilations=(1, 1),
              zx="rand", zw="zero", zy="fit", bias=True, per_channel=True,
              clamp=None, fill=1.0, x_values=None, w_values=None,
              s_in=None, s_w=None, s_out=None, bias_values=None) -> tuple[Conv, np.ndarray]:
    """A random quantized convolution and its input (storage values).

    zw: "zero", "rand" (per channel), "min"/"max"/"mid", a list, or an int
    (per tensor when per_channel is False). fill < 1 makes the output scale
    too small (saturation); zy "fit" centres the output range.
    """
    n, h, wd, ic = shape
    kh, kw = kernel
    icg = ic // groups
    _, _, xmin, xmax = KINDS[x_kind]
    _, _, wmin, wmax = KINDS[w_kind]
    s_in = rand_scale(rng, -2.5, -0.5) if s_in is None else s_in
    x_type = make_qtype(x_kind, s_in, pick_zp(rng, x_kind, zx))
    x = rng.integers(xmin, xmax + 1, size=shape) if x_values is None else np.asarray(x_values)
    w = rng.integers(wmin, wmax + 1, size=(oc, kh, kw, icg)) if w_values is None \
        else np.asarray(w_values)
    n_w = oc if per_channel else 1
    if isinstance(zw, (list, tuple, np.ndarray)):
        zws = [int(z) for z in zw]
    elif zw == "rand":
        zws = [pick_zp(rng, w_kind, "rand") for _ in range(n_w)]
    else:
        zws = [pick_zp(rng, w_kind, zw)] * (n_w if zw != "zero" else 1)
    if s_w is None:
        base = float(rng.uniform(-3.0, -1.5))
        s_w = [rand_scale(rng, base, base + 0.5) for _ in range(n_w)]
    w_type = make_qtype(w_kind, s_w, zws, 0 if per_channel else None)
    if per_channel and len(w_type.zps) == 1:
        w_type.zps = w_type.zps * oc

    y_placeholder = make_qtype(y_kind, 1.0, 0)
    conv = Conv(x_type, w_type, y_placeholder, w=w, strides=tuple(strides),
                padding=tuple(padding), dilations=tuple(dilations),
                groups=groups, input_shape=tuple(shape))
    acc0 = conv.accumulate(x)
    if bias and bias_values is None:
        spread = max(1, int(np.abs(acc0).max()))
        bias_values = rng.integers(-spread, spread + 1, size=oc)
    if bias_values is not None:
        conv.bias = np.clip(np.asarray(bias_values, np.int64), qr.I32_MIN, qr.I32_MAX)
    acc = conv.accumulate(x)

    _, _, ymin, ymax = KINDS[y_kind]
    if s_out is None:
        real = acc.astype(np.float64) * s_in * np.array(
            [w_type.scale(c) for c in range(oc)])
        lo, hi = (float(v) for v in np.percentile(real, [0.5, 99.5]))
        lo, hi = min(lo, 0.0), max(hi, 0.0)
        s_out = (hi - lo) / (ymax - ymin) * fill * float(rng.uniform(0.8, 1.1))
        if s_out <= 0:
            s_out = 1.0
        if zy == "fit":
            zy = int(np.clip(round(ymin - lo / s_out), ymin, ymax))
    if zy == "fit":
        zy = "mid"
    zy_value = pick_zp(rng, y_kind, zy) if not isinstance(zy, int) else zy
    conv.y_type = make_qtype(y_kind, s_out, zy_value)

    if clamp is not None:
        lo_r = s_out * (ymin - zy_value)
        hi_r = s_out * (ymax - zy_value)
        if clamp == "relu":
            conv.clamp_min = 0.0
        elif clamp == "relu6":
            conv.clamp_min, conv.clamp_max = 0.0, 6.0
        elif clamp == "n1to1":
            conv.clamp_min, conv.clamp_max = -1.0, 1.0
        elif clamp == "band":
            a, b = sorted(rng.uniform(lo_r, hi_r, size=2))
            conv.clamp_min = float(np.float32(a))
            conv.clamp_max = float(np.float32(b))
        elif clamp == "tie":
            # Bounds whose quotient by S_out is exactly k + 1/2 (in float32):
            # rounded half away from zero in the integer modes, half to even
            # in fp32.
            s32 = float(np.float32(s_out))
            k1 = int(rng.integers(1, max(2, (ymax - zy_value) // 2)))
            k0 = int(rng.integers(1, max(2, (zy_value - ymin) // 2)))
            conv.clamp_max = float(np.float32((k1 + 0.5) * s32))
            conv.clamp_min = float(np.float32(-(k0 + 0.5) * s32))
        else:
            conv.clamp_min, conv.clamp_max = clamp
    return conv, x


def case(name, rng, modes=MODES, **kw) -> Case:
    conv, x = make_conv(rng, **kw)
    return Case(name, conv, x, modes=modes)


# ===---------------------------------------------------------------------=== #
# Groups
# ===---------------------------------------------------------------------=== #


def group_basic(rng) -> list[Case]:
    cases = [
        case("s8xs8n 3x3 pad1 per-channel bias", rng),
        case("u8xs8n 3x3 pad1 per-channel bias", rng, x_kind="u8", y_kind="u8"),
        case("s8xs8 full-range weights, no bias", rng, w_kind="s8", bias=False,
             shape=(1, 5, 7, 3), oc=5),
        case("s8xs8n per-tensor weights", rng, per_channel=False, oc=6),
        case("u8xs8n -> s8, 16 channels", rng, x_kind="u8", shape=(1, 8, 8, 16), oc=16),
        case("s8xs8n relu", rng, clamp="relu"),
        case("s8xs8n band clamp", rng, clamp="band", shape=(2, 5, 5, 3), oc=3),
    ]
    # A bias whose scale is off by 1% of the output scale is used as if its
    # scale were S_in * S_w[c] (TFLite's tolerance, section 8.4).
    c = case("bias scale off by 0.01 S_out", rng)
    c.conv.bias_scale_offset = 0.01
    cases.append(c)
    return cases


def group_geometry(rng) -> list[Case]:
    return [
        case("stride 2x2 pad 1", rng, shape=(1, 9, 9, 3), strides=(2, 2)),
        case("stride 3x2 asymmetric pad", rng, shape=(1, 11, 8, 2),
             strides=(3, 2), padding=(0, 2, 1, 0)),
        case("dilation 2x2", rng, shape=(1, 9, 9, 3), dilations=(2, 2), padding=(2, 2, 2, 2)),
        case("dilation 1x3 stride 2x1", rng, shape=(1, 7, 12, 2), dilations=(1, 3),
             strides=(2, 1), padding=(1, 0, 3, 2)),
        case("1x1", rng, kernel=(1, 1), padding=(0, 0, 0, 0), shape=(1, 5, 5, 8), oc=7),
        case("1x1 stride 2 pad 1", rng, kernel=(1, 1), padding=(1, 1, 1, 1),
             strides=(2, 2), shape=(1, 6, 5, 3), oc=4),
        case("odd: 7x5 input, 3x2 kernel", rng, shape=(1, 7, 5, 3), kernel=(3, 2),
             padding=(1, 1, 0, 1), oc=5),
        case("5x1 and 1x7 kernels", rng, shape=(1, 7, 9, 2), kernel=(5, 1),
             padding=(2, 2, 0, 0), x_kind="u8"),
        case("1x7 kernel", rng, shape=(1, 4, 9, 2), kernel=(1, 7),
             padding=(0, 0, 3, 3), x_kind="u8", y_kind="u8"),
        case("whole-input kernel", rng, shape=(1, 5, 4, 3), kernel=(5, 4),
             padding=(0, 0, 0, 0), oc=6),
        case("kernel larger than input, padded", rng, shape=(1, 2, 3, 2),
             kernel=(5, 5), padding=(2, 2, 2, 2), oc=3),
        case("batch 3", rng, shape=(3, 5, 5, 4), oc=3, strides=(1, 2)),
        case("stride > kernel", rng, shape=(1, 10, 10, 2), kernel=(2, 2),
             strides=(3, 3), padding=(0, 1, 1, 0)),
    ]


def group_kernels(rng) -> list[Case]:
    """Shapes for the register-tiled kernels (convert-qedge-to-vector): several
    blocks of output channels with a padded last block, rows longer than a
    tile and not a multiple of it (the overlapping last tile), reductions of
    many steps, the input channels not a multiple of the dot product's group,
    and depthwise convolutions with a partial block of channels."""
    return [
        case("3x3 pad 1 64->40, 12x14", rng, shape=(1, 12, 14, 64), oc=40),
        case("1x1 24->144, 7x9 u8", rng, shape=(1, 7, 9, 24), oc=144,
             kernel=(1, 1), padding=(0, 0, 0, 0), x_kind="u8", y_kind="u8"),
        case("stem 3x3 s2 3->20, 17x17", rng, shape=(1, 17, 17, 3), oc=20,
             strides=(2, 2)),
        case("5x5 dilation 2 40->72, 13x11", rng, shape=(1, 13, 11, 40), oc=72,
             kernel=(5, 5), dilations=(2, 2), padding=(4, 4, 4, 4)),
        case("3x3 256->33, 4x5", rng, shape=(1, 4, 5, 256), oc=33),
        case("3x3 s2 18->50 relu, 15x21", rng, shape=(1, 15, 21, 18), oc=50,
             strides=(2, 2), padding=(0, 1, 0, 1), clamp="relu"),
        case("depthwise 3x3 40, 9x13 u8", rng, shape=(1, 9, 13, 40), oc=40,
             groups=40, x_kind="u8", y_kind="u8"),
        case("depthwise 5x5 s2 32, 11x11", rng, shape=(1, 11, 11, 32), oc=32,
             groups=32, kernel=(5, 5), strides=(2, 2), padding=(2, 2, 2, 2)),
    ]


def group_groups(rng) -> list[Case]:
    return [
        case("grouped g=2", rng, shape=(1, 6, 6, 8), oc=6, groups=2),
        case("grouped g=4 u8", rng, shape=(1, 5, 5, 8), oc=8, groups=4, x_kind="u8"),
        case("grouped g=3 stride 2 dilation 2", rng, shape=(1, 9, 9, 6), oc=9, groups=3,
             strides=(2, 2), dilations=(2, 2), padding=(2, 2, 2, 2)),
        case("depthwise x1", rng, shape=(1, 7, 7, 8), oc=8, groups=8),
        case("depthwise x2", rng, shape=(1, 6, 6, 5), oc=10, groups=5),
        case("depthwise x1 stride 2 u8", rng, shape=(1, 8, 8, 6), oc=6, groups=6,
             strides=(2, 2), padding=(0, 1, 0, 1), x_kind="u8", y_kind="u8"),
        case("depthwise x3 5x5 pad 2", rng, shape=(1, 6, 6, 3), oc=9, groups=3,
             kernel=(5, 5), padding=(2, 2, 2, 2)),
        case("depthwise u8xu8 weight zero points", rng, shape=(1, 6, 6, 4), oc=8,
             groups=4, x_kind="u8", w_kind="u8", zw="rand", y_kind="u8"),
    ]


def group_zero_points(rng) -> list[Case]:
    # Extreme Zx with padding: every padded tap must contribute 0.
    return [
        case("s8 Zx=-128 pad 2", rng, zx="min", padding=(2, 2, 2, 2), kernel=(5, 5)),
        case("s8 Zx=127 pad 2", rng, zx="max", padding=(2, 1, 0, 2)),
        case("u8 Zx=0 pad 1", rng, x_kind="u8", zx="min", y_kind="u8"),
        case("u8 Zx=255 pad 3 dilation 2", rng, x_kind="u8", zx="max",
             padding=(3, 3, 3, 3), dilations=(2, 2), shape=(1, 4, 4, 3)),
        case("s8 Zx=-128, Zy=127", rng, zx="min", zy="max", clamp=None),
        case("s8 Zx=127, Zy=-128", rng, zx="max", zy="min"),
        case("u8 Zx=255, Zy=0", rng, x_kind="u8", zx="max", y_kind="u8", zy="min"),
        case("u8 Zx=0, Zy=255", rng, x_kind="u8", zx="min", y_kind="u8", zy="max"),
        case("u8 Zx=201 pad 4, kernel 3x3 on 3x3 input", rng, x_kind="u8", zx=201,
             shape=(1, 3, 3, 2), padding=(4, 4, 4, 4), strides=(2, 2)),
        case("s8 Zx=-100 depthwise pad 2", rng, zx=-100, shape=(1, 5, 5, 4), oc=4,
             groups=4, padding=(2, 2, 2, 2)),
    ]


def group_weight_zero_points(rng) -> list[Case]:
    return [
        case("u8xu8 per-channel Zw random", rng, x_kind="u8", w_kind="u8", zw="rand",
             y_kind="u8", shape=(1, 6, 6, 5), oc=6),
        case("u8xu8 per-channel Zw extremes", rng, x_kind="u8", w_kind="u8",
             zw=[0, 255, 128, 1, 254, 77], y_kind="u8", shape=(1, 5, 6, 3), oc=6),
        case("u8xu8 per-tensor Zw=128", rng, x_kind="u8", w_kind="u8", zw=128,
             per_channel=False, shape=(1, 7, 5, 4), oc=3),
        case("u8xu8 per-tensor Zw, Zx=255, pad 2", rng, x_kind="u8", w_kind="u8",
             zw="rand", per_channel=False, zx="max", padding=(2, 2, 2, 2)),
        case("u8xu8 Zw, grouped g=2 stride 2", rng, x_kind="u8", w_kind="u8",
             zw="rand", shape=(1, 8, 8, 6), oc=4, groups=2, strides=(2, 2)),
        case("s8xs8 per-channel Zw", rng, w_kind="s8", zw="rand", shape=(1, 5, 5, 3), oc=5),
        case("u8xs8 per-tensor Zw=-128", rng, x_kind="u8", w_kind="s8", zw="min",
             per_channel=False),
        case("u8xu8 Zw, 1x1, no bias", rng, x_kind="u8", w_kind="u8", zw="rand",
             kernel=(1, 1), padding=(0, 0, 0, 0), bias=False, shape=(1, 4, 4, 16), oc=8),
    ]


def group_saturation(rng) -> list[Case]:
    return [
        case("s8 output scale /10", rng, fill=0.1),
        case("u8 output scale /20", rng, x_kind="u8", y_kind="u8", fill=0.05),
        case("relu6, output scale 6/200", rng, clamp="relu6", s_in=0.05,
             s_w=[0.0005] * 4, s_out=0.03, zy=-100),
        case("relu6 u8 Zy=0", rng, clamp="relu6", x_kind="u8", y_kind="u8",
             s_in=0.05, s_w=[0.001, 0.0002, 0.0003, 0.0005], s_out=6.0 / 255,
             zy=0),
        case("relu, Zy=-128", rng, clamp="relu", zy="min", fill=0.5),
        case("n1to1", rng, clamp="n1to1", s_in=0.03, s_w=[0.01, 0.02, 0.005, 0.015],
             s_out=0.01),
        case("tied clamp bounds", rng, clamp="tie", fill=0.3),
        case("large multiplier M ~ 37", rng, s_in=0.5, s_w=[0.3, 0.1, 0.7, 0.9],
             s_out=0.01, shape=(1, 5, 5, 2), kernel=(1, 1), padding=(0, 0, 0, 0)),
        case("multiplier M ~ 1.5 .. 3", rng, s_in=0.5, s_w=[0.03, 0.05, 0.06, 0.045],
             s_out=0.01, shape=(1, 5, 5, 1), kernel=(1, 1), padding=(0, 0, 0, 0),
             w_kind="s4n", bias=False),
        case("4-bit output, saturating", rng, y_kind="s4", fill=0.2),
        case("16-bit output, saturating", rng, y_kind="s16", fill=0.3),
        # Bounds whose quotient by S_out overflows float32 (t = +-inf clamps).
        case("clamp bounds +-3e38", rng, s_in=0.02, s_w=[0.001] * 4, s_out=0.01, zy=3,
             clamp=(float(np.float32(-3e38)), float(np.float32(3e38)))),
        case("clamp_max only", rng, fill=0.5, clamp=(None, 0.25)),
        case("clamp_min only, u8", rng, x_kind="u8", y_kind="u8", fill=0.5,
             clamp=(-0.125, None)),
    ]


def group_multipliers(rng) -> list[Case]:
    """Per-channel M at the edges of QuantizeMultiplier (section 5)."""
    ms = [2.0 ** -33, 2.0 ** -32, 1.5 * 2.0 ** -32, float.fromhex("0x1.fffffffffep-33"),
          float.fromhex("0x1.fffffffffep-1"), float.fromhex("0x1.00000002p-1"),
          0.1, 1.0, 3.0, 2.0 ** 20, 2.0 ** 30, 2.0 ** 31, 2.0 ** -20, 1.0 / 3.0]
    cases = []
    for name, x_kind, scale_in, bias in [("s8 M edges", "s8", 1.0, True),
                                         ("u8 M edges, S_in=0.5", "u8", 0.5, False)]:
        s_w = [m / scale_in for m in ms]
        conv, x = make_conv(rng, x_kind=x_kind, s_in=scale_in, s_w=s_w, s_out=1.0,
                            zy="rand", shape=(1, 5, 5, 3), oc=len(ms), bias=bias)
        cases.append(Case(name, conv, x))
    # Large accumulators for the tiny multipliers: s16 x s16 with weights
    # +-32767 over two channels, Zx = 0: the bound 32768 * 65534 fits i32 and
    # accumulators reach +-2^31.
    ms16 = [2.0 ** -33, 2.0 ** -32, 2.0 ** -31, 2.0 ** -30, 2.0 ** -26,
            float.fromhex("0x1.fffffffffep-33"), 1.5 * 2.0 ** -32]
    w = np.where(rng.random((len(ms16), 1, 1, 2)) < 0.5, -32767, 32767)
    x = rng.integers(-32768, 32768, size=(1, 6, 6, 2))
    x[0, 0, :, :] = np.array([[32767, 32767], [-32767, -32767], [-32768, -32768],
                              [32767, -32767], [-32768, 32767], [1, 1]])
    conv, x = make_conv(rng, x_kind="s16", w_kind="s16n", y_kind="s16", s_in=1.0,
                        s_w=ms16, s_out=1.0, zx="zero", zy="rand", kernel=(1, 1),
                        padding=(0, 0, 0, 0), shape=(1, 6, 6, 2), oc=len(ms16),
                        x_values=x, w_values=w, bias=False)
    assert conv.acc_bits() == 32
    cases.append(Case("s16 tiny multipliers", conv, x))
    return cases


def group_nbit(rng) -> list[Case]:
    return [
        case("4-bit s4 x s4n -> s4", rng, x_kind="s4", w_kind="s4n", y_kind="s4"),
        case("4-bit Zx=-8 pad 2 -> s4", rng, x_kind="s4", w_kind="s4n", y_kind="s4",
             zx="min", padding=(2, 2, 2, 2)),
        case("4-bit Zx=7 -> s8", rng, x_kind="s4", w_kind="s4", y_kind="s8", zx="max"),
        case("6-bit s6 x s6n -> s6", rng, x_kind="s6", w_kind="s6n", y_kind="s6"),
        case("6-bit Zx=-32 depthwise", rng, x_kind="s6", w_kind="s6n", y_kind="s6",
             zx="min", shape=(1, 6, 6, 4), oc=4, groups=4),
        case("u4 x s4n -> u4", rng, x_kind="u4", w_kind="s4n", y_kind="u4"),
        case("u6 Zx=63 x u8 Zw -> u6", rng, x_kind="u6", w_kind="u8", zw="rand",
             y_kind="u6", zx="max"),
        case("s8 x s4n -> s4 saturating", rng, w_kind="s4n", y_kind="s4", fill=0.3),
        case("u4 x u8 Zw -> s6", rng, x_kind="u4", w_kind="u8", zw="rand", y_kind="s6"),
        case("u8 x u4 (u8<0:15>) Zw -> u8", rng, x_kind="u8", w_kind="u4", zw="rand",
             y_kind="u8"),
    ]


def group_int16(rng) -> list[Case]:
    cases = [
        case("s16xs8n 1x1 i32", rng, x_kind="s16", y_kind="s16", kernel=(1, 1),
             padding=(0, 0, 0, 0), shape=(1, 5, 5, 4), oc=4, zx="zero"),
        case("s16xs8 3x3x128 i64", rng, x_kind="s16", w_kind="s8", y_kind="s16",
             shape=(1, 5, 5, 128), oc=4, zx="zero"),
        case("s16xs8 i64, Zx=-32768 pad 1", rng, x_kind="s16", w_kind="s8",
             y_kind="s16", shape=(1, 5, 5, 64), oc=3, zx="min"),
        case("s16xs16n 3x3 i64", rng, x_kind="s16", w_kind="s16n", y_kind="s16",
             shape=(1, 5, 5, 2), oc=3),
        case("s16xs16n 1x1 1ch i32", rng, x_kind="s16", w_kind="s16n", y_kind="s16",
             kernel=(1, 1), padding=(0, 0, 0, 0), shape=(1, 6, 6, 1), oc=2, zx="zero",
             bias=False),
        case("s16xs16 Zw i64 -> s8", rng, x_kind="s16", w_kind="s16", y_kind="s8",
             zw="rand", shape=(1, 4, 4, 3), oc=3, padding=(1, 0, 0, 1)),
        case("12-bit s12xs8n -> s12", rng, x_kind="s12", y_kind="s12",
             shape=(1, 6, 6, 8), oc=4),
        case("s16xs8n depthwise i32", rng, x_kind="s16", y_kind="s16",
             shape=(1, 6, 6, 4), oc=4, groups=4, zx="rand"),
    ]
    # Accumulators beyond int32: inputs at +-32767 aligned with the signs of
    # the weights (section 9.4's "3 * 10^9" kind of value), one pixel
    # positive, one negative.
    rng2 = np.random.default_rng(7)
    w = np.where(rng2.random((2, 3, 3, 64)) < 0.5, -127, 127)
    x = rng2.integers(-32768, 32768, size=(1, 7, 7, 64))
    x[0, 1:4, 1:4, :] = 32767 * np.sign(w[0])
    x[0, 4:7, 4:7, :] = -32767 * np.sign(w[1])
    conv, x = make_conv(rng, x_kind="s16", w_kind="s8n", y_kind="s16", zx="zero",
                        shape=(1, 7, 7, 64), oc=2, x_values=x, w_values=w,
                        bias_values=[123456789, -98765],
                        padding=(1, 1, 1, 1))
    acc = conv.accumulate(x)
    assert acc.max() > qr.I32_MAX and acc.min() < qr.I32_MIN, (acc.min(), acc.max())
    cases.append(Case("s16xs8n accumulator beyond int32", conv, x))
    # An 8-bit convolution whose bias (+-2^31) makes the bound exceed int32:
    # i64 accumulator, values beyond int32, the 64-bit rule's 16-bit multiplier.
    conv, x = make_conv(rng, x_kind="s8", w_kind="s8n", y_kind="s16", s_in=0.02,
                        s_w=[5e-5, 5e-5, 0.25, 0.3], s_out=0.1, zy=-7,
                        shape=(1, 5, 5, 4), oc=4,
                        bias_values=[qr.I32_MAX, qr.I32_MIN, 1000, -1000])
    assert conv.acc_bits() == 64
    acc = conv.accumulate(x)
    assert acc.max() > qr.I32_MAX and acc.min() < qr.I32_MIN
    cases.append(Case("s8xs8n, bias +-2^31: i64 accumulator", conv, x))
    return cases


def group_ties(rng) -> list[Case]:
    """Inputs built so that the three modes disagree."""
    cases = []
    # T1: M = 2^-k (k = 1..3) and 3/8, 5/16: acc * M lands exactly on k + 1/2
    # for many accs; gemmlowp rounds ties away from zero, rndnu toward +inf,
    # fp32 to even. 1x1 conv, one input channel, weight 1: acc = x - Zx.
    ms = [0.5, 0.25, 0.125, 0.375, 0.3125, 0.0625]
    for x_kind, zx in [("s8", 3), ("u8", 128)]:
        _, _, qmin, qmax = KINDS[x_kind]
        x = rng.integers(qmin, qmax + 1, size=(1, 8, 8, 1))
        conv, x = make_conv(rng, x_kind=x_kind, y_kind="s8", s_in=1.0, s_w=ms, s_out=1.0,
                            zx=zx, zy=1, kernel=(1, 1), padding=(0, 0, 0, 0),
                            shape=(1, 8, 8, 1), oc=len(ms), x_values=x,
                            w_values=np.ones((len(ms), 1, 1, 1), np.int64), bias=False)
        cases.append(Case(f"exact ties, {x_kind}", conv, x))
    # T1b: exact ties through a 3x3 conv with bias and padding (Zx != 0).
    conv, x = make_conv(rng, s_in=0.25, s_w=[0.5, 0.125, 0.75], s_out=0.5, zx=-7,
                        zy=2, shape=(1, 6, 6, 2), oc=3, w_kind="s4n")
    cases.append(Case("exact ties through a 3x3 conv", conv, x))
    # T2: double rounding of gemmlowp: M = 0.25 + 2^-33 gives (2^30 + 1, -1);
    # SRDHM rounds the (never exact) product, RDBPOT rounds again.
    ms = [0.25 + 2.0 ** -33, 0.25 - 2.0 ** -33, 0.125 + 2.0 ** -34,
          0.75 + 2.0 ** -32, 2.0 ** -10 * (1 + 2.0 ** -30)]
    x = rng.integers(-128, 128, size=(1, 10, 10, 1))
    conv, x = make_conv(rng, s_in=1.0, s_w=ms, s_out=1.0, zx=0, zy=0, kernel=(1, 1),
                        padding=(0, 0, 0, 0), shape=(1, 10, 10, 1), oc=len(ms),
                        x_values=x, w_values=np.ones((len(ms), 1, 1, 1), np.int64),
                        bias=False, y_kind="s16")
    cases.append(Case("double rounding", conv, x))
    # T3: fp32's conversion fl32(acc) rounds accumulators beyond 2^24.
    # acc = x0 * 2^13 + x1 (s16 x s16), M = 2^-14: x0 / 2 + x1 / 2^14. With x1
    # small, fl32(acc) drops x1 and x0 odd is a tie in fp32 only.
    x = np.zeros((1, 8, 8, 2), np.int64)
    x[..., 0] = rng.integers(-32768, 32768, size=(1, 8, 8))
    x[..., 1] = rng.integers(1, 8, size=(1, 8, 8))
    w = np.array([[[[8192, 1]]], [[[8192, -1]]], [[[16384, 3]]]])
    conv, x = make_conv(rng, x_kind="s16", w_kind="s16n", y_kind="s16", s_in=1.0,
                        s_w=[2.0 ** -14, 2.0 ** -14, 2.0 ** -15], s_out=1.0, zx=0, zy=0,
                        kernel=(1, 1), padding=(0, 0, 0, 0), shape=(1, 8, 8, 2), oc=3,
                        x_values=x, w_values=w, bias=False)
    assert conv.acc_bits() == 32
    cases.append(Case("fp32 conversion of accumulators beyond 2^24", conv, x))
    # T4: fp32 multiplier with two float32 roundings against the Q31 one:
    # scales fl32(0.1)-like and 1/3, 1/7; random data.
    conv, x = make_conv(rng, s_in=0.1, s_w=[0.1, 1 / 3, 1 / 7, 0.3, 0.7], s_out=0.1,
                        shape=(1, 7, 7, 3), oc=5, zx=5, zy=-3, w_kind="s4n")
    cases.append(Case("fp32 multiplier rounding", conv, x))
    # T5: tied clamp bounds (rha vs rne).
    for i in range(2):
        conv, x = make_conv(rng, clamp="tie", fill=0.4, zy="rand")
        cases.append(Case(f"tied clamp bounds {i}", conv, x))
    return cases


def quantize_inputs(rng, shape, s_in, zx, kind, special=True) -> np.ndarray:
    """float32 inputs: ties r / S = k + 1/2, random values, NaN, +-inf, huge."""
    _, _, qmin, qmax = KINDS[kind]
    s32 = np.float32(s_in)
    size = int(np.prod(shape))
    span = qmax - qmin
    k = rng.integers(-span, span + 1, size=size)
    ties = ((k + 0.5) * s32).astype(np.float32)       # exact when S is 2^-n
    rand = (rng.uniform(-0.6, 0.6, size=size) * span * s32).astype(np.float32)
    r = np.where(rng.random(size) < 0.5, ties, rand).astype(np.float32)
    if special:
        r[:6] = np.array([np.nan, np.inf, -np.inf, 3e38, -3e38, 1e-40], np.float32)
    return r.reshape(shape)


def group_quantize(rng) -> list[Case]:
    """f32 inputs through qedge.quantize (runtime, and constant-folded)."""
    cases = []
    specs = [
        ("f32 arg -> s8 Zx=3 (odd)", "f32", "s8", 0.25, 3),
        ("f32 arg -> u8 Zx=129", "f32", "u8", 0.5, 129),
        ("f32 arg -> s4 Zx=-3", "f32", "s4", 0.125, -3),
        ("f32 arg -> s16 Zx=-1001", "f32", "s16", 2.0 ** -7, -1001),
        ("f32 arg -> s8, S=0.1 (fl32 scale)", "f32", "s8", 0.1, 7),
        ("f32 const -> s8 Zx=5", "f32-const", "s8", 0.5, 5),
        ("f32 const -> u8 Zx=1", "f32-const", "u8", 0.0625, 1),
        ("f32 const -> s16 Zx=333", "f32-const", "s16", 2.0 ** -4, 333),
    ]
    for name, kind, x_kind, s_in, zx in specs:
        shape = (1, 5, 5, 2)
        r = quantize_inputs(rng, shape, s_in, zx, x_kind)
        _, _, qmin, qmax = KINDS[x_kind]
        x = qr.quantize(r, s_in, zx, qmin, qmax)
        w_kind = "s8n"
        y_kind = "s16" if x_kind == "s16" else "s8"
        conv, x = make_conv(rng, x_kind=x_kind, w_kind=w_kind, y_kind=y_kind, s_in=s_in,
                            zx=zx, shape=shape, oc=3, x_values=x)
        cases.append(Case(name, conv, x, real=r, input_kind=kind))
    # Float weights quantized per axis (dimension 0) into u8 with odd zero
    # points and s8 narrow: ties k + 1/2, NaN, infinities.
    for w_kind, zws, kind in [("u8", [1, 127, 255, 33], "const"),
                              ("s8n", [0, 0, 0, 0], "const"),
                              ("u8", [3, 0, 129, 201], "arg"),
                              ("s4n", [0, 0, 0, 0], "arg")]:
        oc, shape = 4, (1, 5, 5, 3)
        _, _, wmin, wmax = KINDS[w_kind]
        s_w = [2.0 ** -int(rng.integers(5, 9)) for _ in range(oc)]
        w_real = np.stack([quantize_inputs(rng, (3, 3, 3), s_w[k], zws[k], w_kind,
                                           special=(k == 1)) for k in range(oc)])
        w = np.stack([qr.quantize(w_real[k], s_w[k], zws[k], wmin, wmax)
                      for k in range(oc)])
        x_kind = "u8" if w_kind == "u8" else "s8"
        conv, x = make_conv(rng, x_kind=x_kind, w_kind=w_kind, shape=shape, oc=oc,
                            s_w=s_w, zw=zws, w_values=w)
        cases.append(Case(f"f32 weights ({kind}) -> per-axis {w_kind} Zw={zws}", conv,
                          x, w_real=w_real, w_input_kind=kind))
    return cases


def group_qnnpack(rng) -> list[Case]:
    """PyTorch's qnnpack arithmetic beside fp32, where the two differ."""
    cases = []
    # Scales whose fp32 multiplier is a tie k + 1/2 and qnnpack's one ulp
    # off (or the reverse): fl32(0.75000006 / fl32(0.3)) = 2.5 against
    # fl32(0.75000006 * fl32(1 / fl32(0.3))) = 2.5000002, and so on; a 1x1
    # conv with weight 1 gives acc * M, a tie for every odd acc in one mode.
    for s_out, s_w in [(0.3, [0.75000006, 1.0500001]),
                       (1.3, [3.2499998, 4.5499997]),
                       (0.11, [0.055000003, 0.165])]:
        s_w = [float(np.float32(s)) for s in s_w]
        x = rng.integers(-30, 31, size=(1, 8, 8, 1))
        conv, x = make_conv(rng, s_in=1.0, s_w=s_w, s_out=s_out, zx=0, zy=0,
                            kernel=(1, 1), padding=(0, 0, 0, 0),
                            shape=(1, 8, 8, 1), oc=len(s_w), x_values=x,
                            w_values=np.ones((len(s_w), 1, 1, 1), np.int64),
                            bias=False)
        assert not np.array_equal(conv.multipliers("fp32"),
                                  conv.multipliers("qnnpack"))
        cases.append(Case(f"multiplier ties, S_out={s_out}", conv, x,
                          modes=("fp32", "qnnpack")))
    # The input quantized by the reciprocal of the scale: with S = fl32(0.3),
    # r = 1.65 gives r / S = 5.4999995 but r * fl32(1 / S) = 5.5.
    shape = (1, 5, 5, 2)
    for s_in, zx in [(0.3, 3), (0.7, -5), (3.0, 0)]:
        s32 = np.float32(s_in)
        k = rng.integers(-60, 60, size=int(np.prod(shape)))
        near = ((k + 0.5) * s32).astype(np.float32)
        step = np.where(rng.random(near.size) < 0.5, np.float32(np.inf),
                        np.float32(-np.inf))
        r = np.where(rng.random(near.size) < 0.5, near,
                     np.nextafter(near, step)).astype(np.float32)
        r = r.reshape(shape)
        x = qr.quantize(r, s_in, zx, -128, 127, reciprocal=True)
        assert not np.array_equal(x, qr.quantize(r, s_in, zx, -128, 127))
        conv, x = make_conv(rng, s_in=s_in, zx=zx, shape=shape, oc=3,
                            x_values=x)
        cases.append(Case(f"quantize by the reciprocal, S={s_in}", conv, x,
                          real=r, input_kind="f32", modes=("qnnpack",),
                          quantize_rounding="qnnpack"))
    # Random 3x3 convolutions, fused ReLU, both modes.
    for i in range(4):
        cases.append(case(f"random #{i}", rng, shape=(1, 12, 12, 8), oc=16,
                          zx="rand", clamp=[None, "relu"][i % 2],
                          modes=("fp32", "qnnpack")))
    return cases


def group_disagreement(rng) -> list[Case]:
    """Typical random 8-bit convolutions, each in the three modes."""
    cases = []
    for i in range(12):
        x_kind = ["s8", "u8"][i % 2]
        y_kind = ["s8", "u8"][(i // 2) % 2]
        cases.append(case(f"random {x_kind}->{y_kind} #{i}", rng, x_kind=x_kind,
                          y_kind=y_kind, shape=(1, 32, 32, 8), oc=16,
                          zx="rand", zy="fit", clamp=[None, "relu"][i % 3 == 0]))
    return cases


def group_disagreement_16(rng) -> list[Case]:
    """Random 16-bit-activation convolutions (i32 accumulators), 3 modes."""
    cases = []
    for i in range(4):
        cases.append(case(f"random s16->s16 #{i}", rng, x_kind="s16", y_kind="s16",
                          shape=(1, 32, 32, 4), oc=8, zx="zero",
                          clamp=[None, "relu"][i == 3]))
    for c in cases:
        assert c.conv.acc_bits() == 32
    return cases


GROUPS: dict[str, Callable] = {
    "basic": group_basic,
    "geometry": group_geometry,
    "groups": group_groups,
    "kernels": group_kernels,
    "zero-points": group_zero_points,
    "weight-zero-points": group_weight_zero_points,
    "saturation": group_saturation,
    "multipliers": group_multipliers,
    "nbit": group_nbit,
    "int16": group_int16,
    "ties": group_ties,
    "quantize": group_quantize,
    "qnnpack": group_qnnpack,
    "disagreement": group_disagreement,
    "disagreement-16": group_disagreement_16,
}

# Named sets of groups (`--group=NAME`). "dot-product", what the tests of
# aarch64+dotprod and aarch64+i8mm run (Quantized/AArch64): the groups where
# a dot-product kernel would act, the 8-bit random convolutions s8 / u8 in
# and out with ReLU (disagreement), 16-bit activations (disagreement-16),
# grouped and depthwise convolutions (groups), the shapes of the
# register-tiled kernels (kernels), multiplier extremes
# (multipliers), rounding ties (ties), nonzero and u8 weight zero points
# (weight-zero-points). The cost of a group on AArch64 is its compile, not
# qemu (under 0.3 s per group): the other groups take 10-30 s each (about
# 130 s per target), which all three AArch64 targets would add to the suite
# twice over; aarch64.test runs every group.
GROUP_SETS: dict[str, list[str]] = {
    "dot-product": ["disagreement", "disagreement-16", "groups", "kernels",
                    "multipliers", "ties", "weight-zero-points"],
}


def make_cases(group: str) -> list[Case]:
    rng = np.random.default_rng(zlib.crc32(group.encode()))
    cases = GROUPS[group](rng)
    # Every other case takes and returns !quant.uniform tensors directly.
    for i, c in enumerate(cases):
        if i % 2 == 1 and c.input_kind == "storage":
            c.signature = "quant"
    return cases


# ===---------------------------------------------------------------------=== #
# Running and comparing
# ===---------------------------------------------------------------------=== #


def batch(cases: list[Case]) -> ex.Batch:
    """The module computing the cases, its inputs, each case's number of
    results."""
    inputs = [array for c in cases for array in c.arg_arrays()]
    return module_text(cases), inputs, [len(c.outputs()) for c in cases]


def output_names(i: int, c: Case) -> list[str]:
    """The saved outputs' names: CASE-MODE, CASE-quantize (CASE-quantizeK
    for a second one)."""
    names = []
    for k, (label, _, _) in enumerate(c.outputs()):
        name = f"{i}-{label}"
        names.append(name if name not in names else f"{name}{k}")
    return names


def written(values: np.ndarray, t: QType, quant_result: bool) -> np.ndarray:
    """Storage values as the programs write them: a signless iN container
    (quant.scast to i8 / i16) as intN; a !quant.uniform result as its
    storage type, uintN when unsigned."""
    if quant_result and not t.signed:
        return np.asarray(values, np.int64).astype(f"uint{t.bits}")
    return mt.signless(values, t.bits).astype(f"int{t.bits}")


def reference_files(cases: list[Case]) -> dict[str, np.ndarray]:
    files = {}
    for i, c in enumerate(cases):
        for name, (label, t, _), e in zip(output_names(i, c), c.outputs(),
                                          c.expected()):
            quant_result = (c.signature == "quant"
                            and label in MODES + ("qnnpack",))
            files[name] = written(e, t, quant_result)
    return files


def output_files(cases: list[Case], outcome: ex.Outcome) -> dict[str, bytes]:
    files = {}
    for i, (c, data) in enumerate(zip(cases, outcome.files)):
        if data is not None:
            files.update(zip(output_names(i, c), data))
    return files


compare = ex.compare_arrays


def mode_diffs(outputs: dict) -> dict:
    """Pairwise element counts where the modes' outputs differ."""
    pairs = [("gemmlowp", "rndnu"), ("gemmlowp", "fp32"), ("rndnu", "fp32")]
    return {f"{a}/{b}": int(np.count_nonzero(outputs[a] != outputs[b]))
            for a, b in pairs}


def run_group(group: str, executor: ex.Executor, workdir: Path,
              save_outputs: Optional[Path],
              self_check: bool) -> ex.GroupResult:
    """Runs and compares a group; its (cases, elements) for the totals.
    Beyond the shared comparison (execution.compare_group), prints how
    often the three modes disagree, in the reference and in the compiled
    code, over the cases that run all three."""
    cases = make_cases(group)
    directory = workdir / group
    before = executor.counters()
    expected = [c.expected() for c in cases]
    outcome = ex.run_batched(executor, directory, cases, batch)
    if save_outputs:
        ex.save_outputs(save_outputs, group, output_files(cases, outcome))

    ref_diffs = {"gemmlowp/rndnu": 0, "gemmlowp/fp32": 0, "rndnu/fp32": 0}
    run_diffs = dict(ref_diffs)
    three_mode = [0, 0]  # cases, elements per mode
    # fp32 against qnnpack: cases, elements, differing (reference, compiler).
    qnnpack = [0, 0, 0, 0]

    def on_case(index: int, ref_out: dict, run_out: dict) -> None:
        if "fp32" in ref_out and "qnnpack" in ref_out:
            qnnpack[0] += 1
            qnnpack[1] += ref_out["fp32"].size
            qnnpack[2] += int(np.sum(ref_out["fp32"] != ref_out["qnnpack"]))
            qnnpack[3] += int(np.sum(run_out["fp32"] != run_out["qnnpack"]))
        if all(m in ref_out for m in MODES):
            three_mode[0] += 1
            three_mode[1] += ref_out["gemmlowp"].size
            for k, v in mode_diffs(ref_out).items():
                ref_diffs[k] += v
            for k, v in mode_diffs(run_out).items():
                run_diffs[k] += v

    def extra_lines() -> list[str]:
        lines = []
        if qnnpack[0]:
            lines.append(f"  fp32 and qnnpack differ on {qnnpack[2]} of "
                         f"{qnnpack[1]} elements ({qnnpack[0]} cases; "
                         f"compiler: {qnnpack[3]})")
        if not three_mode[0]:
            return lines

        def fmt(d):
            return ", ".join(f"{k} {v} ({100.0 * v / three_mode[1]:.3f}%)"
                             for k, v in d.items())
        return lines + [f"  modes differ on {three_mode[0]} cases x 3 modes, "
                        f"{three_mode[1]} elements each:",
                        f"    reference: {fmt(ref_diffs)}",
                        f"    compiler:  {fmt(run_diffs)}"]

    check = ex.GroupCheck(labels=MODES + ("qnnpack", "quantize"),
                          counts=expected_counts.QUANTIZED,
                          decode=from_npy, bound=lambda t: t.qmax,
                          on_case=on_case, extra_lines=extra_lines)
    return ex.compare_group(group, cases, expected, outcome, executor,
                            directory, batch, before, check, self_check)


def study(seeds: int) -> None:
    """Reference-only disagreement rates on more random data than the groups
    run (the groups' counts are confirmed on the compiler's outputs)."""
    for label, generator in [("8-bit", group_disagreement),
                             ("16-bit", group_disagreement_16)]:
        totals = {"gemmlowp/rndnu": 0, "gemmlowp/fp32": 0, "rndnu/fp32": 0}
        elements = 0
        for seed in range(seeds):
            rng = np.random.default_rng([seed, zlib.crc32(label.encode())])
            for c in generator(rng):
                out = dict(zip(c.modes, c.expected()))
                for k, v in mode_diffs(out).items():
                    totals[k] += v
                elements += out["gemmlowp"].size
        rates = ", ".join(f"{k} {v} ({100.0 * v / elements:.4f}%)"
                          for k, v in totals.items())
        print(f"study {label}: {elements} elements per mode: {rates}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", default="all",
                        help="a group, a comma-separated list of groups, "
                             "a set of groups (" + ", ".join(GROUP_SETS)
                             + ") or 'all': " + ", ".join(GROUPS))
    parser.add_argument("--self-check", action="store_true")
    parser.add_argument("--emit-only", action="store_true",
                        help="write the group's module and print it; run nothing")
    parser.add_argument("--study", type=int, default=0, metavar="SEEDS",
                        help="reference-only mode disagreement rates over "
                             "SEEDS random draws of the disagreement groups")
    ex.add_options(parser)
    args = parser.parse_args()
    if args.study:
        study(args.study)
        return 0
    if args.compare_outputs:
        return ex.compare_command(args, parser)
    groups = ex.parse_groups(args.group, GROUPS, sets=GROUP_SETS)
    return ex.run_command(
        args, parser, groups, ENTRY,
        lambda group: module_text(make_cases(group)),
        lambda group: reference_files(make_cases(group)), run_group)


if __name__ == "__main__":
    sys.exit(main())
