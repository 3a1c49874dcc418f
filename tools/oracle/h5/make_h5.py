#!/usr/bin/python3
"""Writes small HDF5 / .keras / tfjs test files the way Keras and TensorFlow.js lay
them out, using Debian's h5py (apt-get install python3-h5py); no Keras needed.

    /usr/bin/python3 tools/oracle/h5/make_h5.py            # from the repo root

Outputs (committed):
  testdata/h5/*.h5, *.keras          Keras containers of the seed model (154,798 params)
  testdata/h5/hdf5_*.h5              generic files for the hdf5 reader's own tests
  internal/frontend/tfjsfile/testdata/*.json   tfjs layers- and graph-model model.json
  testdata/h5/bench_sparse.chunks.gz metadata of a sparse multi-GB weights file; the
                                     Go benchmark rebuilds the file from it

Weight datasets are created without data (HDF5 allocates no storage), so the files
hold only metadata: exactly what netsum reads. Layouts follow:
  Keras 1.1.1 / 2.2.4 / tf.keras 2.x  keras/engine/saving.py, hdf5_format.py
      root attrs keras_version, backend, model_config (JSON bytes), training_config;
      group model_weights with attrs layer_names, backend, keras_version; one group per
      layer with attr weight_names; datasets named by weight name ("conv2d/kernel:0"
      makes a subgroup). Attributes over 64,512 bytes are split into name0, name1, ...
  Keras 3 (keras/src/saving/saving_lib.py)
      layers/<snake_case(class)>[_N]/vars/<i>, vars/ at the root, optimizer/vars/<i>;
      .keras = zip(metadata.json, config.json, model.weights.h5), stored.
"""
import gzip
import io
import json
import os
import re
import sys
import zipfile

import h5py
import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
OUT = os.path.join(ROOT, "testdata", "h5")
TFJS = os.path.join(ROOT, "internal", "frontend", "tfjsfile", "testdata")
SEED = os.path.join(ROOT, "testdata", "keras")
os.makedirs(OUT, exist_ok=True)
os.makedirs(TFJS, exist_ok=True)

HDF5_OBJECT_HEADER_LIMIT = 64512


def load(name):
    with open(os.path.join(SEED, name)) as f:
        return json.load(f)


def save_attributes(group, name, data):
    """keras.engine.saving.save_attributes_to_hdf5_group."""
    bad = [x for x in data if len(x) > HDF5_OBJECT_HEADER_LIMIT]
    assert not bad
    data_npy = np.asarray(data)
    num_chunks = 1
    chunked = np.array_split(data_npy, num_chunks)
    while any(x.nbytes > HDF5_OBJECT_HEADER_LIMIT for x in chunked):
        num_chunks += 1
        chunked = np.array_split(data_npy, num_chunks)
    if num_chunks > 1:
        for i, chunk in enumerate(chunked):
            group.attrs["%s%d" % (name, i)] = chunk
    else:
        group.attrs[name] = data


# The seed's weights per layer, in Keras order: (layer index among weighted
# layers, weight short names, shapes).
SEED_WEIGHTS = [
    [("kernel", (5, 5, 1, 32)), ("bias", (32,))],
    [("kernel", (5, 5, 32, 64)), ("bias", (64,))],
    [("kernel", (1024, 100)), ("bias", (100,))],
    [("kernel", (100, 2)), ("bias", (2,))],
]


def seed_layers(cfg):
    layers = cfg["config"] if isinstance(cfg["config"], list) else cfg["config"]["layers"]
    return [(l["class_name"], l["config"]["name"]) for l in layers]


def weighted(cls):
    return cls in ("Conv2D", "Convolution2D", "Dense")


def write_model_weights(g, layers, weight_name, keras_version):
    """save_weights_to_hdf5_group; weight_name(layer, short) gives the stored name."""
    save_attributes(g, "layer_names", [n.encode("utf8") for _, n in layers])
    g.attrs["backend"] = "tensorflow".encode("utf8")
    g.attrs["keras_version"] = str(keras_version).encode("utf8")
    wi = iter(SEED_WEIGHTS)
    for cls, name in layers:
        lg = g.create_group(name)
        ws = next(wi) if weighted(cls) else []
        names = [weight_name(name, short).encode("utf8") for short, _ in ws]
        save_attributes(lg, "weight_names", names)
        for n, (_, shape) in zip(names, ws):
            lg.create_dataset(n.decode(), shape, dtype="float32")


TRAINING = {"loss": "categorical_crossentropy", "metrics": ["accuracy"],
            "optimizer_config": {"class_name": "Adam", "config": {"lr": 0.001, "beta_1": 0.9}},
            "sample_weight_mode": None, "loss_weights": None}


def legacy_full(path, seed, version, libver, weight_name, vlen_config=False, userblock=0):
    cfg = load(seed)
    model_config = {"class_name": cfg["class_name"], "config": cfg["config"]}
    kw = {"libver": libver}
    if userblock:
        kw["userblock_size"] = userblock
    with h5py.File(os.path.join(OUT, path), "w", **kw) as f:
        f.attrs["keras_version"] = version
        f.attrs["backend"] = "tensorflow"
        js = json.dumps(model_config)
        f.attrs["model_config"] = js if vlen_config else js.encode("utf8")
        f.attrs["training_config"] = json.dumps(TRAINING).encode("utf8")
        write_model_weights(f.create_group("model_weights"), seed_layers(cfg), weight_name, version)


def tf_name(layer, short):
    return "%s/%s:0" % (layer, short)


def k1_name(layer, short):
    return "%s_%s:0" % (layer, {"kernel": "W", "bias": "b"}[short])


def weights_only(path, seed, version, libver, weight_name):
    cfg = load(seed)
    with h5py.File(os.path.join(OUT, path), "w", libver=libver) as f:
        write_model_weights(f, seed_layers(cfg), weight_name, version)


def chunked_names(path):
    """Weights-only file whose layer_names needs chunks: 100 long-named layers,
    every tenth with a kernel (4, 3) and a bias (3,): 150 parameters."""
    layers = [("Dense", "dense_%03d_%s" % (i, "x" * 700)) for i in range(100)]
    with h5py.File(os.path.join(OUT, path), "w", libver="latest") as f:
        save_attributes(f, "layer_names", [n.encode("utf8") for _, n in layers])
        f.attrs["backend"] = "tensorflow".encode("utf8")
        f.attrs["keras_version"] = "2.15.0".encode("utf8")
        for i, (_, name) in enumerate(layers):
            g = f.create_group(name)
            if i % 10:
                save_attributes(g, "weight_names", [])
                continue
            names = [("%s/kernel:0" % name).encode(), ("%s/bias:0" % name).encode()]
            save_attributes(g, "weight_names", names)
            g.create_dataset(names[0].decode(), (4, 3), dtype="float32")
            g.create_dataset(names[1].decode(), (3,), dtype="float32")
    assert "layer_names0" in h5py.File(os.path.join(OUT, path), "r").attrs


def snake(name):
    """keras.src.utils.naming.to_snake_case."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def keras3_weights(fobj, cfg, libver="earliest", optimizer=True):
    with h5py.File(fobj, "w", libver=libver) as f:
        layers = [l for l in cfg["config"]["layers"] if l["class_name"] != "InputLayer"]
        used = {}
        wi = iter(SEED_WEIGHTS)
        for l in layers:
            key = snake(l["class_name"])
            if key in used:
                used[key] += 1
                key = "%s_%d" % (key, used[key])
            else:
                used[key] = 0
            v = f.create_group("layers/%s" % key).create_group("vars")
            v.attrs["name"] = l["config"]["name"]
            if weighted(l["class_name"]):
                for i, (_, shape) in enumerate(next(wi)):
                    v.create_dataset(str(i), shape, dtype="float32")
        f.create_group("vars").attrs["name"] = cfg["config"]["name"]
        if optimizer:
            ov = f.create_group("optimizer").create_group("vars")
            ov.attrs["name"] = "adam"
            ov.create_dataset("0", (), dtype="int64")
            ov.create_dataset("1", (), dtype="float32")
            for i, (_, shape) in enumerate([s for ws in SEED_WEIGHTS for s in ws]):
                ov.create_dataset(str(2 + 2 * i), shape, dtype="float32")
                ov.create_dataset(str(3 + 2 * i), shape, dtype="float32")


def keras_zip(path, cfg, version="3.6.0"):
    cfg = dict(cfg)
    cfg["compile_config"] = {"optimizer": {"module": "keras.optimizers", "class_name": "Adam",
                                           "config": {"name": "adam", "learning_rate": 0.001}, "registered_name": None},
                             "loss": "categorical_crossentropy", "metrics": ["accuracy"], "loss_weights": None,
                             "weighted_metrics": None, "run_eagerly": False, "steps_per_execution": 1,
                             "jit_compile": False}
    buf = io.BytesIO()
    keras3_weights(buf, cfg)
    with zipfile.ZipFile(os.path.join(OUT, path), "w") as zf:
        zf.writestr(zipfile.ZipInfo("metadata.json", (1980, 1, 1, 0, 0, 0)),
                    json.dumps({"keras_version": version, "date_saved": "2025-01-01@00:00:00"}))
        zf.writestr(zipfile.ZipInfo("config.json", (1980, 1, 1, 0, 0, 0)), json.dumps(cfg))
        zf.writestr(zipfile.ZipInfo("model.weights.h5", (2025, 1, 1, 0, 0, 0)), buf.getvalue())


def generic():
    """hdf5_layouts_{earliest,latest}.h5: datasets of every layout and dtype,
    attributes of every kind, many attributes (dense storage in 'latest'), a
    group with many links (dense links in 'latest'), a >64 KiB attribute."""
    for libver in ("earliest", "latest"):
        with h5py.File(os.path.join(OUT, "hdf5_layouts_%s.h5" % libver), "w", libver=libver) as f:
            f.create_dataset("contiguous", (3, 4), dtype="float32")
            f.create_dataset("chunked", (100, 7), dtype="float16", chunks=(10, 7), compression="gzip")
            f.create_dataset("scalar", (), dtype="int64")
            f.create_dataset("empty", (0,), dtype="float64")
            f.create_dataset("flags", (5,), dtype="bool")
            f.create_dataset("bytes", (2,), dtype="S10")
            f.create_dataset("text", (2,), dtype=h5py.string_dtype())
            f.create_dataset("uint8", (2, 2, 2), dtype="uint8")
            dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
            dcpl.set_layout(h5py.h5d.COMPACT)
            space = h5py.h5s.create_simple((4,))
            h5py.h5d.create(f.id, b"compact", h5py.h5t.NATIVE_INT32, space, dcpl=dcpl)
            a = f.attrs
            a["vlen_str"] = "hello"
            a["fixed_str"] = np.bytes_("fixed")
            a["str_array"] = np.array([b"a", b"bc", b"def"])
            a["vlen_array"] = np.array(["x", "yy"], dtype=h5py.string_dtype())
            a["int_scalar"] = np.int32(-7)
            a["float_array"] = np.array([1.5, 2.5])
            a["empty"] = np.array([])
            a.create("utf8", "héllo", dtype=h5py.string_dtype("utf-8"))
            g = f.create_group("many_attrs")
            for i in range(40):
                g.attrs["attr_%02d" % i] = "value %d" % i
            g = f.create_group("many_links")
            for i in range(60):
                g.create_group("child_%02d" % i)
            if libver == "latest":  # over 64 KiB: only the new format can hold it
                g = f.create_group("big_attr")
                g.attrs["names"] = np.array([("name_%05d" % i).encode() * 4 for i in range(2000)])
            nested = f.create_group("a/b/c")
            nested.create_dataset("leaf", (1,), dtype="float32")
            f["a/hard_link_to_b"] = f["a/b"]
            f["a/soft"] = h5py.SoftLink("/a/b")


def tfjs():
    cfg = load("seed_tfkeras.json")
    topo = {"keras_version": "2.15.0", "backend": "tensorflow",
            "model_config": {"class_name": cfg["class_name"], "config": cfg["config"]},
            "training_config": TRAINING}
    layers = seed_layers(cfg)
    manifest = []
    wi = iter(SEED_WEIGHTS)
    for cls, name in layers:
        if weighted(cls):
            for short, shape in next(wi):
                manifest.append({"name": "%s/%s" % (name, short), "shape": list(shape), "dtype": "float32"})
    doc = {"format": "layers-model", "generatedBy": "keras v2.15.0", "convertedBy": "TensorFlow.js Converter v4.22.0",
           "modelTopology": topo, "weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": manifest}]}
    with open(os.path.join(TFJS, "seed_layers_model.json"), "w") as f:
        json.dump(doc, f, indent=1)
    # A mismatching manifest: one shape disagrees, one weight is missing.
    bad = json.loads(json.dumps(doc))
    ws = bad["weightsManifest"][0]["weights"]
    ws[0]["shape"] = [3, 3, 1, 32]
    del ws[-1]
    with open(os.path.join(TFJS, "seed_layers_mismatch.json"), "w") as f:
        json.dump(bad, f, indent=1)

    # Graph model: the seed as a TensorFlow graph, consts in the manifest.
    def shape(*dims):
        return {"dim": [{"size": str(d)} for d in dims]}

    def node(name, op, inputs=(), out=None, **attr):
        n = {"name": name, "op": op, "attr": dict(attr)}
        if inputs:
            n["input"] = list(inputs)
        if out is not None:
            n["attr"]["_output_shapes"] = {"list": {"shape": [shape(*out)]}}
        n["attr"].setdefault("T", {"type": "DT_FLOAT"})
        return n

    def const(name, dims, dtype="DT_FLOAT"):
        return {"name": name, "op": "Const", "attr": {
            "value": {"tensor": {"dtype": dtype, "tensorShape": shape(*dims)}}, "dtype": {"type": dtype}}}

    nodes = [
        {"name": "input", "op": "Placeholder", "attr": {"dtype": {"type": "DT_FLOAT"}, "shape": {"shape": shape(-1, 28, 28, 1)}}},
        const("sequential/conv2d/Conv2D/ReadVariableOp", (5, 5, 1, 32)),
        const("sequential/conv2d/BiasAdd/ReadVariableOp", (32,)),
        const("sequential/conv2d_1/Conv2D/ReadVariableOp", (5, 5, 32, 64)),
        const("sequential/conv2d_1/BiasAdd/ReadVariableOp", (64,)),
        const("sequential/dense/MatMul/ReadVariableOp", (1024, 100)),
        const("sequential/dense/BiasAdd/ReadVariableOp", (100,)),
        const("sequential/dense_1/MatMul/ReadVariableOp", (100, 2)),
        const("sequential/dense_1/BiasAdd/ReadVariableOp", (2,)),
        {"name": "sequential/flatten/Const", "op": "Const", "attr": {"value": {"tensor": {
            "dtype": "DT_INT32", "tensorShape": shape(2), "tensorContent": "/////wAEAAA="}}, "dtype": {"type": "DT_INT32"}}},
        node("sequential/conv2d/BiasAdd", "_FusedConv2D", ["input", "sequential/conv2d/Conv2D/ReadVariableOp",
             "sequential/conv2d/BiasAdd/ReadVariableOp"], out=(-1, 24, 24, 32)),
        node("sequential/activation/Relu", "Relu", ["sequential/conv2d/BiasAdd"], out=(-1, 24, 24, 32)),
        node("sequential/max_pooling2d/MaxPool", "MaxPool", ["sequential/activation/Relu"], out=(-1, 12, 12, 32)),
        node("sequential/conv2d_1/BiasAdd", "_FusedConv2D", ["sequential/max_pooling2d/MaxPool",
             "sequential/conv2d_1/Conv2D/ReadVariableOp", "sequential/conv2d_1/BiasAdd/ReadVariableOp"]),
        node("sequential/activation_1/Relu", "Relu", ["sequential/conv2d_1/BiasAdd"]),
        node("sequential/max_pooling2d_1/MaxPool", "MaxPool", ["sequential/activation_1/Relu"]),
        node("sequential/flatten/Reshape", "Reshape", ["sequential/max_pooling2d_1/MaxPool", "sequential/flatten/Const"]),
        node("sequential/dense/BiasAdd", "_FusedMatMul", ["sequential/flatten/Reshape",
             "sequential/dense/MatMul/ReadVariableOp", "sequential/dense/BiasAdd/ReadVariableOp"]),
        node("sequential/activation_2/Relu", "Relu", ["sequential/dense/BiasAdd"]),
        node("sequential/dense_1/BiasAdd", "_FusedMatMul", ["sequential/activation_2/Relu",
             "sequential/dense_1/MatMul/ReadVariableOp", "sequential/dense_1/BiasAdd/ReadVariableOp"]),
        node("Identity", "Softmax", ["sequential/dense_1/BiasAdd", "^sequential/flatten/Const"]),
    ]
    gm_manifest = []
    for n in nodes:
        if n["op"] == "Const" and n["attr"]["dtype"]["type"] == "DT_FLOAT":
            dims = [int(d["size"]) for d in n["attr"]["value"]["tensor"]["tensorShape"]["dim"]]
            gm_manifest.append({"name": n["name"], "shape": dims, "dtype": "float32"})
    for n in nodes:
        if n["op"] == "Const" and n["attr"]["dtype"]["type"] == "DT_FLOAT":
            del n["attr"]["value"]  # the converter moves weight values to the manifest
    gm = {"format": "graph-model", "generatedBy": "2.15.0", "convertedBy": "TensorFlow.js Converter v4.22.0",
          "signature": {"inputs": {"input:0": {"name": "input:0", "dtype": "DT_FLOAT"}},
                        "outputs": {"Identity:0": {"name": "Identity:0", "dtype": "DT_FLOAT"}}},
          "modelTopology": {"node": nodes, "library": {}, "versions": {"producer": 1395}},
          "weightsManifest": [{"paths": ["group1-shard1of1.bin"], "weights": gm_manifest}]}
    with open(os.path.join(TFJS, "seed_graph_model.json"), "w") as f:
        json.dump(gm, f, indent=1)


def bench_sparse(layers=200, units=2048, path="/tmp/netsum_bench_sparse.h5"):
    """A legacy weights file of `layers` Dense(units) layers with storage
    allocated (never written): a sparse file of layers*units*units*4 bytes.
    Only the non-hole extents are kept, in bench_sparse.chunks.gz (gzip):
    b"NSPARSE1", total size (u64), then (offset u64, length u32, bytes)..."""
    with h5py.File(path, "w") as f:
        names = ["dense_%d" % (i + 1) for i in range(layers)]
        save_attributes(f, "layer_names", [n.encode() for n in names])
        f.attrs["backend"] = b"tensorflow"
        f.attrs["keras_version"] = b"2.2.4"
        for n in names:
            g = f.create_group(n)
            wn = [("%s/kernel:0" % n).encode(), ("%s/bias:0" % n).encode()]
            save_attributes(g, "weight_names", wn)
            for w, shape in zip(wn, [(units, units), (units,)]):
                dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
                dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)
                dcpl.set_fill_time(h5py.h5d.FILL_TIME_NEVER)
                sp = h5py.h5s.create_simple(shape)
                sub, leaf = w.split(b"/")
                h5py.h5d.create(g.require_group(sub.decode()).id, leaf, h5py.h5t.IEEE_F32LE, sp, dcpl=dcpl)
    size = os.path.getsize(path)
    out = bytearray(b"NSPARSE1" + size.to_bytes(8, "little"))
    with open(path, "rb") as f:
        fd = f.fileno()
        off = 0
        while off < size:
            try:
                data = os.lseek(fd, off, os.SEEK_DATA)
            except OSError:
                break
            hole = os.lseek(fd, data, os.SEEK_HOLE)
            f.seek(data)
            blob = f.read(hole - data)
            # Keep only the non-zero 4 KiB pages of the extent.
            for p in range(0, len(blob), 4096):
                page = blob[p:p + 4096]
                if page.strip(b"\0"):
                    out += (data + p).to_bytes(8, "little") + len(page).to_bytes(4, "little") + page
            off = hole
    with gzip.open(os.path.join(OUT, "bench_sparse.chunks.gz"), "wb") as f:
        f.write(bytes(out))
    os.remove(path)
    print("bench_sparse: %d layers, file %d bytes, %d metadata bytes kept" % (layers, size, len(out)))


if __name__ == "__main__":
    legacy_full("seed_tfkeras_full.h5", "seed_tfkeras.json", "2.15.0", "earliest", tf_name)
    legacy_full("seed_tfkeras_full_latest.h5", "seed_tfkeras.json", "2.15.0", "latest", tf_name, vlen_config=True)
    legacy_full("seed_keras2_full.h5", "seed_keras2.json", "2.2.4", "earliest", tf_name)
    legacy_full("seed_keras1_full.h5", "seed_keras1.json", "1.1.1", "earliest", k1_name)
    legacy_full("seed_tfkeras_userblock.h5", "seed_tfkeras.json", "2.15.0", "earliest", tf_name, userblock=512)
    weights_only("seed_tfkeras_weights.h5", "seed_tfkeras.json", "2.15.0", "earliest", tf_name)
    weights_only("seed_tfkeras_weights_latest.h5", "seed_tfkeras.json", "2.15.0", "latest", tf_name)
    chunked_names("chunked_layer_names.h5")
    k3 = load("seed_keras3.json")
    with open(os.path.join(OUT, "seed_keras3.weights.h5"), "wb") as fo:
        keras3_weights(fo, k3, optimizer=False)
    keras_zip("seed_keras3.keras", k3)
    renamed = json.loads(json.dumps(k3).replace('"dense"', '"fc1"').replace('"dense_1"', '"logits"'))
    keras_zip("seed_keras3_renamed.keras", renamed)
    generic()
    tfjs()
    if "--bench" in sys.argv:
        bench_sparse()
