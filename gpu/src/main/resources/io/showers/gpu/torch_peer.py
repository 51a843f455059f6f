"""PyTorch peer of showers-gpu benchmark: the exported generator and total-density networks (same layers, same
weights, FP32 without TF32) on the same GPU, timed at the given batch sizes. Prints one JSON object.

usage: torch_peer.py EXPORT.h5 BATCH[,BATCH...] REPEATS
"""
import json
import sys
import time

import h5py
import torch

ACT = {
    "IDENTITY": lambda x: x,
    "RELU": torch.relu,
    "LEAKY_RELU": None,  # needs alpha: built below
    "SMOOTH_LEAKY_RELU": None,
    "TANH": torch.tanh,
    "SIGMOID": torch.sigmoid,
}


def network(group, device):
    layers = []
    for l in range(int(group.attrs["layers"])):
        g = group["layer%d" % l]
        w = torch.tensor(g["weight"][:], device=device)
        b = torch.tensor(g["bias"][:], device=device)
        act = g.attrs["activation"]
        act = act.decode() if isinstance(act, bytes) else str(act)
        alpha = float(g.attrs["alpha"])
        if act == "LEAKY_RELU":
            f = lambda x, a=alpha: torch.nn.functional.leaky_relu(x, a)
        elif act == "SMOOTH_LEAKY_RELU":
            f = lambda x, a=alpha: a * x + (1 - a) * torch.nn.functional.softplus(x)
        else:
            f = ACT[act]
        layers.append((w, b, f))

    def forward(x):
        for w, b, f in layers:
            x = f(torch.addmm(b, x, w))
        return x

    return forward


def main():
    path, batches, repeats = sys.argv[1], [int(b) for b in sys.argv[2].split(",")], int(sys.argv[3])
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    device = torch.device("cuda")
    with h5py.File(path, "r") as f:
        gen = network(f["generator"], device)
        density = network(f["total_density"], device)
        noise_dim = int(f["generator"].attrs["noise_dim"])
        label_dim = int(f["generator"].attrs["label_dim"])
    rows = []
    with torch.inference_mode():
        for batch in batches:
            x = torch.randn(batch, noise_dim + label_dim, device=device)
            y = x[:, noise_dim:].contiguous()
            for _ in range(5):
                gen(x)
                density(y)
            torch.cuda.synchronize()
            times = []
            for _ in range(repeats):
                t0 = time.perf_counter()
                gen(x)
                density(y)
                torch.cuda.synchronize()
                times.append(time.perf_counter() - t0)
            times.sort()
            rows.append({"batch": batch, "seconds": times})
    print(json.dumps({"torch": torch.__version__, "cuda": torch.version.cuda,
                      "device": torch.cuda.get_device_name(0), "rows": rows}))


if __name__ == "__main__":
    main()
