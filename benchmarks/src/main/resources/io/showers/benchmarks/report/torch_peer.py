"""PyTorch peer of showers' dense generator: builds the architecture given as JSON in argv[1]
(random weights), times the forward pass on a fixed input batch, and prints one JSON line:
{"torch": version, "threads": n, "blas": library, "rows": [{"batch": b, "ms": [ms per row, ...]}]}
or {"error": reason}. Run by io.showers.benchmarks.report.TorchPeer."""
import json
import os
import sys
import time

try:
    import torch
except Exception as e:
    print(json.dumps({'error': 'python3 cannot import torch (%s: %s)' % (type(e).__name__, e)}))
    sys.exit(0)


def blas_library():
    """The BLAS shared library this process loaded (Debian's torch uses whatever libblas.so.3 points to)."""
    try:
        with open('/proc/self/maps') as f:
            paths = {line.split()[-1] for line in f if '/' in line}
    except OSError:
        return 'unknown'
    for p in sorted(paths):
        name = os.path.basename(p)
        if 'mkl' in name or 'openblas' in name or name.startswith('libblas') or 'blis' in name:
            return os.path.realpath(p)
    return 'unknown'


def build(cfg):
    sizes, alpha = cfg['sizes'], cfg['alpha']

    class SmoothLeaky(torch.nn.Module):
        def forward(self, z):
            return alpha * z + (1 - alpha) * torch.nn.functional.softplus(z)

    def act(name):
        return {'IDENTITY': torch.nn.Identity(), 'RELU': torch.nn.ReLU(), 'LEAKY_RELU': torch.nn.LeakyReLU(alpha),
                'SMOOTH_LEAKY_RELU': SmoothLeaky(), 'TANH': torch.nn.Tanh(), 'SIGMOID': torch.nn.Sigmoid()}[name]

    layers = []
    for l in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[l], sizes[l + 1]))
        layers.append(act(cfg['output'] if l == len(sizes) - 2 else cfg['hidden']))
    return torch.nn.Sequential(*layers).eval()


def main():
    cfg = json.loads(sys.argv[1])
    torch.set_num_threads(cfg['threads'])
    net = build(cfg)
    out = {'torch': torch.__version__, 'threads': torch.get_num_threads(), 'blas': blas_library(), 'rows': []}
    with torch.inference_mode():
        for b in cfg['batches']:
            x = torch.randn(b, cfg['sizes'][0])
            t0 = time.perf_counter()
            while time.perf_counter() - t0 < cfg['warmup']:
                net(x)
            ms = []
            for _ in range(cfg['iterations']):
                n, t0 = 0, time.perf_counter()
                while True:
                    net(x)
                    n += 1
                    dt = time.perf_counter() - t0
                    if dt >= cfg['time']:
                        break
                ms.append(1e3 * dt / n / b)
            out['rows'].append({'batch': b, 'ms': ms})
    print(json.dumps(out))


main()
