#!/usr/bin/env python3
"""Write the checkpoint fixtures of testdata/torch/ with real torch.

Run with Debian's torch (apt-get install python3-torch python3-torchvision):

    /usr/bin/python3 tools/oracle/torch/make_ckpt.py testdata/torch

For every checkpoint FILE it writes FILE.json: the tensors (name,
shape, dtype, numel, buffer or parameter) and the totals as torch counts
them (sum of p.numel() over model.parameters(), which counts a tied weight
once; buffers; bytes by dtype). safetensors and GGUF files are written by
hand from their specs (json + struct), torch.load checks every torch file
it writes, and hostile pickles go to hostile/ (never loaded here).

    make_ckpt.py --resnet18 DIR   writes only resnet18.pt, resnet18_legacy.pt
                                  and their .json (45 MB each:
                                  tests generate them, they are not committed)
    make_ckpt.py --pickle-values internal/pickle/testdata
"""

import collections
import io
import json
import os
import pickle
import struct
import sys
import tarfile
import zipfile

import numpy as np
import torch
import torch.nn as nn

torch.manual_seed(0)


class SeedCNN(nn.Module):
    """The project's seed model: 154,798 parameters."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 5)
        self.conv2 = nn.Conv2d(32, 64, 5)
        self.fc1 = nn.Linear(1024, 100)
        self.fc2 = nn.Linear(100, 2)


class BNNet(nn.Module):
    """Small, with BatchNorm buffers, a nested Sequential and a bias-free conv."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 4, 3, bias=False), nn.BatchNorm2d(4), nn.ReLU(),
            nn.Conv2d(4, 2, 1))
        self.head = nn.Linear(8, 3)


class Tied(nn.Module):
    """An embedding tied to the output projection, and a root parameter."""

    def __init__(self):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(1))
        self.embed = nn.Embedding(10, 4)
        self.proj = nn.Linear(4, 10, bias=False)
        self.proj.weight = self.embed.weight


class Mixed(nn.Module):
    """Every common dtype, and integer/bool buffers."""

    def __init__(self):
        super().__init__()
        self.half = nn.Linear(4, 4).half()
        self.bf = nn.Linear(4, 2).to(torch.bfloat16)
        self.dbl = nn.Linear(2, 2).double()
        self.register_buffer("ids", torch.arange(6, dtype=torch.int64))
        self.register_buffer("mask", torch.ones(2, 3, dtype=torch.bool))
        self.register_buffer("lut", torch.zeros(5, dtype=torch.uint8))


DTYPE = {
    torch.float32: "float32", torch.float16: "float16", torch.bfloat16: "bfloat16",
    torch.float64: "float64", torch.int64: "int64", torch.int32: "int32",
    torch.int8: "int8", torch.uint8: "uint8", torch.bool: "bool",
}


def expected(model, sd, fmt, extra=None):
    """What torch says about model and its state_dict sd."""
    buffers = {n for n, _ in model.named_buffers()}
    tensors = []
    by_dtype = collections.OrderedDict()
    seen = {}
    tied = []
    for k, t in sd.items():
        dt = DTYPE[t.dtype]
        tensors.append({"name": k, "shape": list(t.shape), "dtype": dt,
                        "numel": t.numel(), "buffer": k in buffers})
        key = (t.untyped_storage().data_ptr() if hasattr(t, "untyped_storage") else t.storage().data_ptr(),
               t.storage_offset(), tuple(t.shape), tuple(t.stride()))
        if key in seen:
            tied.append([seen[key], k])
            continue
        seen[key] = k
        d = by_dtype.setdefault(dt, {"numel": 0, "bytes": 0})
        d["numel"] += t.numel()
        d["bytes"] += t.numel() * t.element_size()
    out = collections.OrderedDict(
        format=fmt,
        tensors=tensors,
        params=sum(p.numel() for p in model.parameters()),
        buffers=sum(b.numel() for b in model.buffers()),
        bytes=sum(d["bytes"] for d in by_dtype.values()),
        by_dtype=by_dtype,
        tied=tied,
    )
    if extra:
        out.update(extra)
    return out


def write_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def save_both(out, name, model, extra_json=None):
    """name.pt (zip) and name_legacy.pt, checked by torch.load."""
    sd = model.state_dict()
    for suffix, zipfmt in (("", True), ("_legacy", False)):
        path = os.path.join(out, f"{name}{suffix}.pt")
        torch.save(sd, path, _use_new_zipfile_serialization=zipfmt)
        back = torch.load(path)
        assert list(back) == list(sd), path
        fmt = "torch-zip" if zipfmt else "torch-legacy"
        write_json(path + ".json", expected(model, sd, fmt, extra_json))
    return sd


# ---------------------------------------------------------------- legacy tar

def save_tar(sd, path):
    """The tar format of torch <= 0.3 (entries sys_info, pickle, tensors,
    storages), written by hand from torch/serialization.py:legacy_load;
    torch 1.13 still reads it, which checks it."""
    storages = collections.OrderedDict()
    tensors = collections.OrderedDict()
    for k, t in sd.items():
        t = t.contiguous()
        skey = len(storages)  # legacy keys are ints; persistent ids their str
        storages[skey] = t
        tensors[k] = (len(tensors) + 1000, skey, t)

    def blob(*parts):
        return b"".join(parts)

    st = io.BytesIO()
    pickle.dump(len(storages), st, protocol=2)
    for skey, t in storages.items():
        stype = {torch.float32: torch.FloatStorage, torch.int64: torch.LongStorage}[t.dtype]
        pickle.dump((skey, "cpu", stype), st, protocol=2)
        st.write(struct.pack("<q", t.numel()))
        st.write(t.numpy().tobytes())
    pickle.dump([], st, protocol=2)  # storage views

    te = io.BytesIO()
    pickle.dump(len(tensors), te, protocol=2)
    for k, (tkey, skey, t) in tensors.items():
        ttype = {torch.float32: torch.FloatTensor, torch.int64: torch.LongTensor}[t.dtype]
        pickle.dump((tkey, skey, ttype), te, protocol=2)
        te.write(struct.pack("<i", t.dim()) + b"\0\0\0\0")
        te.write(struct.pack(f"<{t.dim()}q", *t.shape))
        te.write(struct.pack(f"<{t.dim()}q", *t.stride()))
        te.write(struct.pack("<q", t.storage_offset()))

    class P(pickle.Pickler):
        def persistent_id(self, obj):
            if isinstance(obj, torch.Tensor):
                for k, (tkey, _, t) in tensors.items():
                    if t is obj or sd[k] is obj:
                        return str(tkey)
            return None

    pk = io.BytesIO()
    P(pk, protocol=2).dump(collections.OrderedDict((k, sd[k]) for k in sd))

    sysinfo = io.BytesIO()
    pickle.dump({"protocol_version": 1001, "little_endian": True,
                 "type_sizes": {"short": 2, "int": 4, "long": 4}}, sysinfo, protocol=2)

    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in (("sys_info", sysinfo), ("pickle", pk), ("tensors", te), ("storages", st)):
            b = data.getvalue()
            info = tarfile.TarInfo(name)
            info.size = len(b)
            tar.addfile(info, io.BytesIO(b))
    back = torch.load(path)
    assert list(back) == list(sd) and all(back[k].shape == sd[k].shape for k in sd), path


# ---------------------------------------------------------------- safetensors

ST_DTYPE = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
            torch.float64: "F64", torch.int64: "I64", torch.bool: "BOOL", torch.uint8: "U8"}


def save_safetensors(sd, path, metadata=None):
    """Header: u64 little-endian length, JSON {name: {dtype, shape,
    data_offsets: [begin, end]}}, optional __metadata__, then the bytes."""
    header = collections.OrderedDict()
    if metadata:
        header["__metadata__"] = metadata
    data = io.BytesIO()
    for k, t in sd.items():
        b = t.contiguous().view(torch.uint8).numpy().tobytes() if t.dtype == torch.bfloat16 else t.contiguous().numpy().tobytes()
        header[k] = {"dtype": ST_DTYPE[t.dtype], "shape": list(t.shape),
                     "data_offsets": [data.tell(), data.tell() + len(b)]}
        data.write(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        f.write(data.getvalue())


# ---------------------------------------------------------------- GGUF

GGML_F32, GGML_F16, GGML_Q4_0, GGML_Q8_0 = 0, 1, 2, 8
GGML_BLOCK = {GGML_F32: (1, 4), GGML_F16: (1, 2), GGML_Q4_0: (32, 18), GGML_Q8_0: (32, 34)}
GGML_NAME = {GGML_F32: "F32", GGML_F16: "F16", GGML_Q4_0: "Q4_0", GGML_Q8_0: "Q8_0"}


def gguf_str(s):
    b = s.encode()
    return struct.pack("<Q", len(b)) + b


def save_gguf(path):
    """A tiny llama-shaped GGUF v3 file, from the spec (ggml/docs/gguf.md):
    magic, version, tensor count, KV count, KVs, tensor infos (dims in
    ggml order, fastest first), padding to general.alignment, data."""
    align = 32
    kvs = [
        ("general.architecture", 8, gguf_str("llama")),
        ("general.name", 8, gguf_str("netsum tiny")),
        ("general.alignment", 4, struct.pack("<I", align)),
        ("llama.block_count", 4, struct.pack("<I", 1)),
        ("llama.embedding_length", 4, struct.pack("<I", 64)),
        ("tokenizer.ggml.tokens", 9, struct.pack("<IQ", 8, 3) + gguf_str("<s>") + gguf_str("</s>") + gguf_str("a")),
    ]
    # name, torch-order shape, type
    tensors = [
        ("token_embd.weight", [3, 64], GGML_Q8_0),
        ("blk.0.attn_norm.weight", [64], GGML_F32),
        ("blk.0.attn_q.weight", [64, 64], GGML_Q4_0),
        ("blk.0.ffn_up.weight", [128, 64], GGML_F16),
        ("output_norm.weight", [64], GGML_F32),
        ("output.weight", [3, 64], GGML_Q8_0),
    ]
    head = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(kvs))
    for k, t, v in kvs:
        head += gguf_str(k) + struct.pack("<I", t) + v
    offset = 0
    sizes = []
    for name, shape, typ in tensors:
        ne = list(reversed(shape))
        n = int(np.prod(shape))
        bs, ts = GGML_BLOCK[typ]
        size = n // bs * ts
        head += gguf_str(name) + struct.pack("<I", len(ne)) + struct.pack(f"<{len(ne)}Q", *ne)
        head += struct.pack("<IQ", typ, offset)
        sizes.append(size)
        offset += size + (-size % align)
    head += b"\0" * (-len(head) % align)
    with open(path, "wb") as f:
        f.write(head)
        for size in sizes:
            f.write(b"\0" * (size + (-size % align)))
    by = collections.OrderedDict()
    out = []
    for (name, shape, typ), size in zip(tensors, sizes):
        n = int(np.prod(shape))
        out.append({"name": name, "shape": shape, "dtype": GGML_NAME[typ], "numel": n, "bytes": size})
        d = by.setdefault(GGML_NAME[typ], {"numel": 0, "bytes": 0})
        d["numel"] += n
        d["bytes"] += size
    return collections.OrderedDict(format="gguf", tensors=out, params=sum(t["numel"] for t in out), buffers=0,
                                   bytes=sum(t["bytes"] for t in out), by_dtype=by, tied=[],
                                   metadata={"general.architecture": "llama", "general.name": "netsum tiny"})


# ---------------------------------------------------------------- hostile

class Reduce:
    def __init__(self, fn, args):
        self.fn, self.args = fn, args

    def __reduce__(self):
        return (self.fn, self.args)


def hostile(out):
    """Pickles that would run code if loaded with pickle.load. Written, never
    loaded. torch.load(weights_only=True) refuses each of them too."""
    os.makedirs(out, exist_ok=True)
    files = {
        # The classic: os.system at top level, protocol 2.
        "os_system.pkl": pickle.dumps(Reduce(os.system, ("echo pwned",)), protocol=2),
        # eval, protocol 0 (text opcodes).
        "eval_proto0.pkl": pickle.dumps(Reduce(eval, ("__import__('os').system('echo pwned')",)), protocol=0),
        # subprocess.Popen through STACK_GLOBAL (protocol 4).
        "popen_proto4.pkl": pickle.dumps(Reduce(__import__("subprocess").Popen, (["true"],)), protocol=4),
        # A normal-looking state dict whose second value hides a reduce.
        "nested_reduce.pkl": pickle.dumps(collections.OrderedDict(
            [("fc.weight", 1), ("fc.bias", {"x": [Reduce(os.system, ("echo pwned",))]})]), protocol=2),
        # getattr chain: getattr(__import__('os'), 'system')('echo pwned').
        # (pickle cannot write a call of a call's result: assembled by hand.)
        "getattr.pkl": (b"\x80\x02cbuiltins\ngetattr\ncbuiltins\n__import__\nX\x02\0\0\0os\x85R"
                        b"X\x06\0\0\0system\x86RX\x0a\0\0\0echo pwned\x85R."),
        # INST opcode (protocol 0 instance creation of os.system).
        "inst_proto0.pkl": b"(S'echo pwned'\nios\nsystem\n.",
    }
    for name, b in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(b)
    # A zip checkpoint whose data.pkl calls os.system.
    with zipfile.ZipFile(os.path.join(out, "os_system_zip.pt"), "w") as z:
        z.writestr("archive/data.pkl", files["os_system.pkl"])
        z.writestr("archive/version", "3\n")
    # A whole model saved with torch.save(model): refused (it names classes).
    torch.save(nn.Sequential(nn.Linear(2, 2)), os.path.join(out, "full_model.pt"))
    for name in list(files) + ["os_system_zip.pt", "full_model.pt"]:
        try:
            torch.load(os.path.join(out, name), weights_only=True)
        except Exception:
            continue
        raise AssertionError(f"torch.load(weights_only=True) accepted {name}")


# ---------------------------------------------------------------- plain values

def pickle_values(out):
    """internal/pickle/testdata/values_pN.pkl: one object in protocols 0-5
    (scalars, text and bytes, big ints, containers, sets, a bytearray, an
    OrderedDict, and a list referenced twice through the memo)."""
    obj = {"a": [1, -2, 300, -70000, 3.5, None, True, False, "h\u00e9llo\n'\"", b"\x00\xff", (1, 2), (), (7,),
                 2**70, -2**63, {1}, frozenset([3]), bytearray(b"ab")],
           "b": collections.OrderedDict([("n", [[], {}])])}
    obj["c"] = obj["a"]
    for p in range(6):
        with open(os.path.join(out, f"values_p{p}.pkl"), "wb") as f:
            f.write(pickle.dumps(obj, protocol=p))


# ---------------------------------------------------------------- main

def resnet18(out):
    import torchvision
    os.makedirs(out, exist_ok=True)
    m = torchvision.models.resnet18(weights=None)
    save_both(out, "resnet18", m)


def main():
    args = sys.argv[1:]
    if args and args[0] == "--resnet18":
        resnet18(args[1])
        return
    if args and args[0] == "--pickle-values":
        pickle_values(args[1])
        return
    out = args[0] if args else "testdata/torch"
    os.makedirs(out, exist_ok=True)

    seed = SeedCNN()
    with torch.no_grad():  # zeros: the values do not matter, and git packs them small
        for p in seed.parameters():
            p.zero_()
    sd = save_both(out, "seed_cnn", seed)
    assert sum(p.numel() for p in seed.parameters()) == 154798

    bn = BNNet()
    bn_sd = save_both(out, "bn_net", bn)
    save_both(out, "tied", Tied())
    save_both(out, "mixed", Mixed())

    # A training checkpoint: the model under "state_dict" beside an
    # optimizer, an epoch and a numpy scalar.
    opt = torch.optim.SGD(bn.parameters(), lr=0.1, momentum=0.9)
    for p in bn.parameters():
        p.grad = torch.ones_like(p)
    opt.step()
    ckpt = {"epoch": 7, "state_dict": bn.state_dict(), "optimizer": opt.state_dict(),
            "best_acc": np.float64(0.875), "arch": "bn_net"}
    path = os.path.join(out, "train_ckpt.pt")
    torch.save(ckpt, path)
    torch.load(path)
    write_json(path + ".json",
               expected(bn, bn.state_dict(), "torch-zip", {"picked": "state_dict",
                                                           "others": ["epoch", "optimizer", "best_acc", "arch"]}))
    # {"model": ...}, legacy format.
    path = os.path.join(out, "model_key_legacy.pt")
    torch.save({"model": bn.state_dict(), "step": 100}, path, _use_new_zipfile_serialization=False)
    torch.load(path)
    write_json(path + ".json",
               expected(bn, bn.state_dict(), "torch-legacy", {"picked": "model", "others": ["step"]}))

    # The tar format of torch <= 0.3.
    save_tar(bn_sd, os.path.join(out, "bn_net_tar.pt"))
    write_json(os.path.join(out, "bn_net_tar.pt.json"), expected(bn, bn_sd, "torch-tar"))

    # A state_dict pickled with plain pickle (storages via _load_from_bytes).
    with open(os.path.join(out, "bn_net_plain.pkl"), "wb") as f:
        pickle.dump(bn_sd, f, protocol=4)
    with open(os.path.join(out, "bn_net_plain.pkl"), "rb") as f:
        assert list(pickle.load(f)) == list(bn_sd)
    write_json(os.path.join(out, "bn_net_plain.pkl.json"), expected(bn, bn_sd, "torch-pickle"))

    # safetensors, by hand.
    save_safetensors(sd, os.path.join(out, "seed_cnn.safetensors"), {"format": "pt"})
    write_json(os.path.join(out, "seed_cnn.safetensors.json"), expected(seed, sd, "safetensors"))
    mixed = Mixed()
    msd = collections.OrderedDict((k, v) for k, v in mixed.state_dict().items())
    save_safetensors(msd, os.path.join(out, "mixed.safetensors"))
    write_json(os.path.join(out, "mixed.safetensors.json"), expected(mixed, msd, "safetensors"))

    # GGUF, by hand.
    write_json(os.path.join(out, "tiny.gguf.json"), save_gguf(os.path.join(out, "tiny.gguf")))

    hostile(os.path.join(out, "hostile"))


if __name__ == "__main__":
    main()
