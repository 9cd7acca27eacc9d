"""Trains a small CNN on scikit-learn's bundled digits and writes it as TOSA
on f32, with the images to calibrate and test it.

The network, in NHWC terms:

    f32 [1, 8, 8, 1]
      -> conv 3x3 pad 1 (1 -> 16) + ReLU     [1, 8, 8, 16]
      -> conv 3x3 pad 1 (16 -> 32) + ReLU    [1, 8, 8, 32]
      -> max pool 2x2 stride 2               [1, 4, 4, 32]
      -> conv 3x3 pad 1 (32 -> 32) + ReLU    [1, 4, 4, 32]
      -> global average pool, reshape        [1, 32]
      -> fully connected (32 -> 10)          [1, 10] logits

The 1797 images of `sklearn.datasets.load_digits()` (8x8, values 0..16) are
scaled to [0, 1] and split by a fixed permutation into 1437 for training
and 360 for testing. Training is deterministic (fixed seeds, one thread)
and takes seconds on one CPU core. The script writes, next to itself:

    digits_float.mlir   the trained network, `@main`, TOSA on f32
    calibration.npy     f32 [512, 8, 8, 1], training images to calibrate with
    test_images.npy     f32 [360, 8, 8, 1]
    test_labels.npy     i64 [360]
    test_logits.npy     f32 [360, 10], the logits PyTorch computes

Usage (from the repository root, with Debian's python3-torch and
python3-sklearn):

    python3 examples/digits/train.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import torch
from sklearn.datasets import load_digits
from torch import nn

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "python"))
from qedge import mlir_text as mt  # noqa: E402

SEED = 0
NUM_TRAIN = 1437
NUM_CALIBRATION = 512
EPOCHS = 40
BATCH_SIZE = 32
LEARNING_RATE = 3e-3
# The largest finite float32: the upper bound of a ReLU as `tosa.clamp`.
F32_MAX = "3.40282347E+38"


class DigitsCNN(nn.Module):
    """The network above, in PyTorch's NCHW."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv3 = nn.Conv2d(32, 32, 3, padding=1)
        self.fc = nn.Linear(32, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = torch.relu(self.conv1(x))
        x = torch.relu(self.conv2(x))
        x = self.pool(x)
        x = torch.relu(self.conv3(x))
        x = x.mean(dim=(2, 3))
        return self.fc(x)


def load_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The digits in [0, 1] as NHWC float32, split by a fixed permutation:
    (train images, train labels, test images, test labels)."""
    digits = load_digits()
    images = (digits.images / 16.0).astype(np.float32)[..., np.newaxis]
    labels = digits.target.astype(np.int64)
    order = np.random.default_rng(SEED).permutation(len(images))
    train, test = order[:NUM_TRAIN], order[NUM_TRAIN:]
    return images[train], labels[train], images[test], labels[test]


def nchw(images: np.ndarray) -> torch.Tensor:
    return torch.from_numpy(np.ascontiguousarray(images.transpose(0, 3, 1, 2)))


def train(images: np.ndarray, labels: np.ndarray) -> DigitsCNN:
    """Adam on the cross-entropy, in shuffled mini-batches."""
    model = DigitsCNN()
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, EPOCHS)
    loss_fn = nn.CrossEntropyLoss()
    x, y = nchw(images), torch.from_numpy(labels)
    shuffle = torch.Generator().manual_seed(SEED)
    model.train()
    for _ in range(EPOCHS):
        for batch in torch.randperm(len(x), generator=shuffle).split(
                BATCH_SIZE):
            optimizer.zero_grad()
            loss = loss_fn(model(x[batch]), y[batch])
            loss.backward()
            optimizer.step()
        scheduler.step()
    model.eval()
    return model


# ===---------------------------------------------------------------------=== #
# TOSA
# ===---------------------------------------------------------------------=== #


class TosaWriter:
    """The body of `@main`, one op a line."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def const(self, name: str, values: np.ndarray) -> str:
        type_ = mt.tensor_type(values.shape, "f32")
        self.lines.append(
            f'%{name} = "tosa.const"() {{values = '
            f'{mt.dense_f32_hex(values)} : {type_}}} : () -> {type_}')
        return f"%{name}"

    def op(self, name: str, text: str, operand_types: list[str],
           result_type: str) -> str:
        """`%name = text : (operand types) -> result type loc("name")`."""
        self.lines.append(
            f'%{name} = {text} : ({", ".join(operand_types)}) -> '
            f'{result_type} loc("{name}")')
        return f"%{name}"

    def conv_relu(self, index: int, x: str, shape: tuple[int, ...],
                  conv: nn.Conv2d) -> tuple[str, tuple[int, ...]]:
        """conv 3x3 pad 1 stride 1, then ReLU; PyTorch's OIHW weights are
        written OHWI, as `tosa.conv2d` takes them."""
        weight = conv.weight.detach().numpy().transpose(0, 2, 3, 1)
        bias = conv.bias.detach().numpy()
        self.lines.append(f"// conv{index}: 3x3 pad 1, {shape[3]} -> "
                          f"{weight.shape[0]} channels, + ReLU")
        w = self.const(f"conv{index}_weight", weight)
        b = self.const(f"conv{index}_bias", bias)
        out_shape = shape[:3] + (weight.shape[0],)
        in_type = mt.tensor_type(shape, "f32")
        out_type = mt.tensor_type(out_shape, "f32")
        zp_type = mt.tensor_type((1,), "f32")
        attrs = mt.attr_dict({
            "acc_type": "f32",
            "dilation": mt.dense_array("i64", (1, 1)),
            "pad": mt.dense_array("i64", (1, 1, 1, 1)),
            "stride": mt.dense_array("i64", (1, 1)),
        })
        c = self.op(f"conv{index}",
                    f"tosa.conv2d {x}, {w}, {b}, %zero, %zero {attrs}",
                    [in_type, mt.tensor_type(weight.shape, "f32"),
                     mt.tensor_type(bias.shape, "f32"), zp_type, zp_type],
                    out_type)
        r = self.op(f"relu{index}",
                    f"tosa.clamp {c} {{min_val = 0.0 : f32, "
                    f"max_val = {F32_MAX} : f32}}", [out_type], out_type)
        return r, out_shape

    def reshape(self, name: str, x: str, shape: tuple[int, ...],
                new_shape: tuple[int, ...]) -> str:
        rank = len(new_shape)
        self.lines.append(
            f"%{name}_shape = tosa.const_shape {{values = dense<"
            f"{list(new_shape)}> : tensor<{rank}xindex>}} : () -> "
            f"!tosa.shape<{rank}>")
        return self.op(name, f"tosa.reshape {x}, %{name}_shape",
                       [mt.tensor_type(shape, "f32"), f"!tosa.shape<{rank}>"],
                       mt.tensor_type(new_shape, "f32"))


def to_tosa(model: DigitsCNN) -> str:
    """`@main(%input: tensor<1x8x8x1xf32>) -> tensor<1x10xf32>`, the float
    weights written exactly (as their bytes)."""
    w = TosaWriter()
    w.lines.append("// The zero points of the float ops (all zero).")
    w.const("zero", np.zeros(1, np.float32))
    x, shape = w.conv_relu(1, "%input", (1, 8, 8, 1), model.conv1)
    x, shape = w.conv_relu(2, x, shape, model.conv2)
    pooled = (1, 4, 4, shape[3])
    w.lines.append("// max pool 2x2 stride 2")
    x = w.op("maxpool",
             f"tosa.max_pool2d {x} {{kernel = array<i64: 2, 2>, "
             f"pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>}}",
             [mt.tensor_type(shape, "f32")], mt.tensor_type(pooled, "f32"))
    x, shape = w.conv_relu(3, x, pooled, model.conv3)
    channels = shape[3]
    zp_type = mt.tensor_type((1,), "f32")
    w.lines.append("// global average pool, flatten to [1, 1, C]")
    x = w.op("avgpool",
             f"tosa.avg_pool2d {x}, %zero, %zero {{acc_type = f32, "
             f"kernel = array<i64: {shape[1]}, {shape[2]}>, "
             f"pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>}}",
             [mt.tensor_type(shape, "f32"), zp_type, zp_type],
             mt.tensor_type((1, 1, 1, channels), "f32"))
    x = w.reshape("flatten", x, (1, 1, 1, channels), (1, 1, channels))
    w.lines.append("// fully connected: matmul with weight^T, add bias, "
                   "reshape to [1, 10]")
    fc_weight = model.fc.weight.detach().numpy().T[np.newaxis]
    fc_bias = model.fc.bias.detach().numpy()[np.newaxis, np.newaxis]
    classes = fc_bias.shape[2]
    fw = w.const("fc_weight", fc_weight)
    fb = w.const("fc_bias", fc_bias)
    x = w.op("fc_matmul", f"tosa.matmul {x}, {fw}, %zero, %zero",
             [mt.tensor_type((1, 1, channels), "f32"),
              mt.tensor_type(fc_weight.shape, "f32"), zp_type, zp_type],
             mt.tensor_type((1, 1, classes), "f32"))
    x = w.op("fc", f"tosa.add {x}, {fb}",
             [mt.tensor_type((1, 1, classes), "f32")] * 2,
             mt.tensor_type((1, 1, classes), "f32"))
    x = w.reshape("logits", x, (1, 1, classes), (1, classes))
    header = [
        "// A small CNN trained on scikit-learn's digits (8x8 grey images,",
        "// values in [0, 1], NHWC), as TOSA on f32: conv 3x3 (1 -> 16) +",
        "// ReLU, conv 3x3 (16 -> 32) + ReLU, max pool 2x2, conv 3x3",
        "// (32 -> 32) + ReLU, global average pool, fully connected",
        "// (32 -> 10), logits.",
        "// Written by examples/digits/train.py; do not edit by hand.",
        "",
        "",
    ]
    body = mt.function(
        "main", [("%input", mt.tensor_type((1, 8, 8, 1), "f32"))],
        [(x, mt.tensor_type((1, classes), "f32"))], w.lines)
    return "\n".join(header) + body


def main() -> None:
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    train_x, train_y, test_x, test_y = load_split()

    start = time.perf_counter()
    model = train(train_x, train_y)
    seconds = time.perf_counter() - start

    with torch.no_grad():
        logits = model(nchw(test_x)).numpy().astype(np.float32)
    correct = int((logits.argmax(axis=1) == test_y).sum())
    print(f"trained in {seconds:.1f} s; float test accuracy: "
          f"{correct}/{len(test_y)} ({100.0 * correct / len(test_y):.2f}%)")

    (HERE / "digits_float.mlir").write_text(to_tosa(model))
    np.save(HERE / "calibration.npy", train_x[:NUM_CALIBRATION])
    np.save(HERE / "test_images.npy", test_x)
    np.save(HERE / "test_labels.npy", test_y)
    np.save(HERE / "test_logits.npy", logits)
    # The same network as ONNX (opset 13, NCHW input, dynamic batch), the
    # form users bring: `python3 -m qedge quantize digits.onnx ...`.
    torch.onnx.export(model, nchw(test_x[:1]), HERE / "digits.onnx",
                      input_names=["image"], output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"},
                                    "logits": {0: "batch"}},
                      opset_version=13)


if __name__ == "__main__":
    main()
