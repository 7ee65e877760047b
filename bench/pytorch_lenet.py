#!/usr/bin/env python3
"""cnnsh's `bench` LeNet run in PyTorch, for bench/compare.sh.

Same network (conv 6@5x5, ReLU, maxpool 2, conv 16@5x5, ReLU, maxpool 2, fc 120, ReLU, fc 84,
ReLU, fc 10), same data (the bundled MNIST, pixels / 255), same recipe (Adam lr 0.003 annealed by
cosine over the epoch's batches, batch 64 shuffled, weights ~ N(0, 1/fan_in), biases 0), same
threads. Prints name=value lines as `cnnsh -c bench` does:
  train_images_per_s  one epoch of the 60,000 training images; one forward+backward batch runs
                      before the clock starts (not counted, like cnnsh's layer timings before its
                      epoch); every batch of the epoch is timed, the last one short (60000 = 937·64 + 32)
  test_images_per_s   the 10,000 test images in eval mode under no_grad, batches of 64 (cnnsh's
                      prediction chunk), median of 5 passes
  test_accuracy, epoch_s, threads, torch_version

PyTorch is optional: without it this says how to install it and exits 0.
"""
import argparse
import gzip
import os
import statistics
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")


def mnist_folder(given):
    """The folder of the four IDX files: --data, else $CNNSH_DATA, else the repository's bundled copy.
    Like cnnsh, DIR is a folder holding mnist/; the mnist folder itself is accepted too."""
    base = given or os.environ.get("CNNSH_DATA") or os.path.join(HERE, "..", "Sources", "Datasets", "Resources")
    for folder in (os.path.join(base, "mnist"), base):
        if any(os.path.exists(os.path.join(folder, FILES[0] + ext)) for ext in (".gz", "")):
            return folder
    sys.exit(f"pytorch_lenet.py: no MNIST in {base} (expected {base}/mnist/{FILES[0]}.gz); give --data DIR or CNNSH_DATA")


def read_idx(folder, name):
    """An IDX file (gzipped or raw) as a uint8 array of its dimensions: magic 0 0 0x08 rank, then
    rank big-endian int32 sizes, then the bytes."""
    path = os.path.join(folder, name + ".gz")
    opener = gzip.open if os.path.exists(path) else open
    with opener(path if opener is gzip.open else os.path.join(folder, name), "rb") as f:
        data = f.read()
    if data[:3] != b"\0\0\x08":
        sys.exit(f"pytorch_lenet.py: {name} is not an IDX file of unsigned bytes")
    rank = data[3]
    shape = tuple(np.frombuffer(data, dtype=">i4", count=rank, offset=4))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * rank).reshape(shape)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads (default 2)")
    parser.add_argument("--data", help="a folder holding mnist/ (default $CNNSH_DATA, else the repository's)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    try:
        import torch
        from torch import nn
    except ImportError:
        print("pytorch_lenet.py: PyTorch is not installed for " + sys.executable + ". To install it in a virtual environment:\n"
              "  python3 -m venv ~/torchenv && ~/torchenv/bin/python -m pip install torch\n"
              "then run with ~/torchenv/bin/python (compare.sh: PYTHON=~/torchenv/bin/python bench/compare.sh)",
              file=sys.stderr)
        return 0

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    folder = mnist_folder(args.data)
    train_x, train_y, test_x, test_y = (read_idx(folder, name) for name in FILES)
    pixels = lambda a: torch.from_numpy(a.astype(np.float32) / 255).unsqueeze(1)  # N×1×28×28 in [0, 1]
    train_x, test_x = pixels(train_x), pixels(test_x)
    train_y, test_y = torch.from_numpy(train_y.astype(np.int64)), torch.from_numpy(test_y.astype(np.int64))

    net = nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
                        nn.Flatten(), nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    with torch.no_grad():  # cnnsh's LeNet: N(0, 1/fan_in) weights, zero biases
        for layer in net:
            if isinstance(layer, (nn.Conv2d, nn.Linear)):
                layer.weight.normal_(0, (layer.weight[0].numel()) ** -0.5)
                layer.bias.zero_()
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(net.parameters(), lr=0.003)
    batch, count = 64, train_x.shape[0]
    batches = (count + batch - 1) // batch
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=batches)  # lr·½(1 + cos(π·t/T)), as cnnsh

    net.train()
    loss_fn(net(train_x[:batch]), train_y[:batch]).backward()  # warm-up, not timed, no step
    optimizer.zero_grad()
    start = time.perf_counter()
    order = torch.randperm(count)
    for b in range(batches):
        rows = order[b * batch:(b + 1) * batch]
        optimizer.zero_grad()
        loss_fn(net(train_x[rows]), train_y[rows]).backward()
        optimizer.step()
        schedule.step()
    epoch_s = time.perf_counter() - start

    net.eval()
    passes = []
    with torch.no_grad():
        for _ in range(5):
            start = time.perf_counter()
            correct = sum((net(test_x[i:i + batch]).argmax(1) == test_y[i:i + batch]).sum().item()
                          for i in range(0, test_x.shape[0], batch))
            passes.append(time.perf_counter() - start)
    print(f"torch_version={torch.__version__}")
    print(f"threads={torch.get_num_threads()}")
    print(f"epoch_s={epoch_s:.3f}")
    print(f"train_images_per_s={int(count / epoch_s)}")
    print(f"test_accuracy={correct / test_x.shape[0]:.4f}")
    print(f"test_images_per_s={int(test_x.shape[0] / statistics.median(passes))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
