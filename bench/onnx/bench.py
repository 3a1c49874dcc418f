#!/usr/bin/python3
"""Times netsum against onnx.load + onnx.shape_inference.infer_shapes on the
same ONNX files, in one run, and prints the ratios (wall time, peak memory).

    /usr/bin/python3 bench/onnx/bench.py [--runs N] [--keep DIR]

Needs Go, python3-onnx, and for the full-size models python3-torch and
python3-torchvision (Debian packages); without torch only the committed
fixtures and the backend test data (libonnx-testdata) are timed.

Each measurement is a fresh process (os.wait4 gives its peak RSS):
  netsum:  the built binary, `netsum FILE` (decode, inference, summary table)
  python:  python3 -c 'onnx.load(FILE); onnx.shape_inference.infer_shapes(m)'
The python process also reports the in-process time of load + infer, without
interpreter start-up and `import onnx`, so the ratio is given both ways.
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BACKEND = "/usr/share/libonnx-testdata/data"

PY = r"""
import sys, time
t0 = time.perf_counter()
import onnx
from onnx import shape_inference
t1 = time.perf_counter()
for f in sys.argv[1:]:
    m = onnx.load(f)
    shape_inference.infer_shapes(m)
t2 = time.perf_counter()
print(t2 - t1)
"""


def run(cmd):
    """Runs cmd under /usr/bin/time; returns (wall seconds, peak RSS bytes,
    stdout). GNU time measures its own child, so the peak is the command's
    alone (a child forked from a big parent would report the parent's)."""
    with tempfile.NamedTemporaryFile("r") as tf:
        t = time.perf_counter()
        p = subprocess.run(["/usr/bin/time", "-o", tf.name, "-f", "%M"] + cmd,
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        wall = time.perf_counter() - t
        if p.returncode != 0:
            raise SystemExit("failed (%d): %s" % (p.returncode, " ".join(cmd[:3])))
        rss = int(tf.read().split()[-1]) * 1024
    return wall, rss, p.stdout


EXPORT = r"""
import os, sys, torch, torchvision
d = sys.argv[1]
for name in ("resnet50", "mobilenet_v2", "resnet18"):
    path = os.path.join(d, name + ".onnx")
    if not os.path.exists(path):
        m = getattr(torchvision.models, name)(weights=None).eval()
        torch.onnx.export(m, torch.randn(1, 3, 224, 224), path, input_names=["input"], output_names=["output"],
                          opset_version=13, dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}})
    print(path)
"""


def export_full(dirname):
    """Writes full-size torch exports (real weight bytes) into dirname, in
    a separate process so that this one stays small."""
    p = subprocess.run(["/usr/bin/python3", "-c", EXPORT, dirname], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if p.returncode != 0:
        print("torch/torchvision export failed or not installed: no full-size models", file=sys.stderr)
        return []
    return p.stdout.decode().split()


def best(f, runs):
    """Best wall time, largest peak memory and every output of runs runs."""
    rs = [f() for _ in range(runs)]
    return min(r[0] for r in rs), max(r[1] for r in rs), [r[2] for r in rs]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--keep", help="folder for the full-size exports (kept between runs)")
    a = ap.parse_args()
    work = a.keep or tempfile.mkdtemp(prefix="netsum-bench-")
    os.makedirs(work, exist_ok=True)
    binary = os.path.join(work, "netsum")
    subprocess.check_call(["go", "build", "-o", binary, "./cmd/netsum"], cwd=ROOT)

    cases = [(os.path.basename(p), [p]) for p in export_full(work)]
    fixtures = sorted(glob.glob(os.path.join(ROOT, "testdata", "onnx", "models", "*.onnx")))
    cases.append(("%d fixtures (testdata/onnx)" % len(fixtures), fixtures))
    backend = sorted(glob.glob(os.path.join(BACKEND, "*", "*", "model.onnx")))
    if backend:
        cases.append(("%d backend test models" % len(backend), backend))

    print("%-34s %9s %10s %9s %10s %10s %8s %8s" % ("files", "MB", "netsum s", "MiB", "python s", "(in-proc)", "time x", "mem x"))
    tot = [0.0, 0.0, 0.0]
    for label, files in cases:
        size = sum(os.path.getsize(f) for f in files) / 1e6

        def ns():
            # One process for all files, as python does below.
            return run([binary, "--quiet"] + files)

        def py():
            return run(["/usr/bin/python3", "-c", PY] + files)

        nt, nm, _ = best(ns, a.runs)
        pt, pm, out = best(py, a.runs)
        inproc = min(float(o.decode().strip().splitlines()[-1]) for o in out)
        tot[0] += nt
        tot[1] += pt
        tot[2] += inproc
        print("%-34s %9.1f %10.3f %9.1f %10.3f %10.3f %8.1f %8.1f" % (
            label, size, nt, nm / 2**20, pt, inproc, pt / nt, pm / nm))
    print("total: netsum %.3f s, python %.3f s (%.3f s in-process): netsum %.1fx faster (%.1fx in-process)" % (
        tot[0], tot[1], tot[2], tot[1] / tot[0], tot[2] / tot[0]))


if __name__ == "__main__":
    main()
