#!/usr/bin/env python3
"""Writes the seed model (shared/seed/) as Keras 1.1.1, Keras 2.2.4, tf.keras 2.15 and
Keras 3 model JSON, in the exact layout each version's model.to_json() produces
(keys as in each version's get_config; initializer details trimmed to what the
layout needs). Run: python3 tools/oracle/seed/make_seed_json.py testdata/keras
"""
import json
import os
import sys

out = sys.argv[1] if len(sys.argv) > 1 else "testdata/keras"
os.makedirs(out, exist_ok=True)

# (kind, args) in the seed's order.
SEED = [
    ("conv", 32, 5), ("act", "relu"), ("pool", 2),
    ("conv", 64, 5), ("act", "relu"), ("pool", 2), ("drop", 0.25),
    ("flat",), ("dense", 100), ("act", "relu"), ("drop", 0.5), ("dense", 2), ("act", "softmax"),
]


def keras1():
    n = {}

    def name(k):
        n[k] = n.get(k, 0) + 1
        return "%s_%d" % (k, n[k])
    layers = []
    for i, l in enumerate(SEED):
        if l[0] == "conv":
            c = {"name": name("convolution2d"), "trainable": True, "nb_filter": l[1], "nb_row": l[2], "nb_col": l[2],
                 "init": "glorot_uniform", "activation": "linear", "border_mode": "valid", "subsample": [1, 1],
                 "dim_ordering": "tf", "W_regularizer": None, "b_regularizer": None, "activity_regularizer": None,
                 "W_constraint": None, "b_constraint": None, "bias": True}
            cls = "Convolution2D"
        elif l[0] == "act":
            c, cls = {"name": name("activation"), "trainable": True, "activation": l[1]}, "Activation"
        elif l[0] == "pool":
            c = {"name": name("maxpooling2d"), "trainable": True, "pool_size": [2, 2], "strides": [2, 2],
                 "border_mode": "valid", "dim_ordering": "tf"}
            cls = "MaxPooling2D"
        elif l[0] == "drop":
            c, cls = {"name": name("dropout"), "trainable": True, "p": l[1]}, "Dropout"
        elif l[0] == "flat":
            c, cls = {"name": name("flatten"), "trainable": True}, "Flatten"
        else:
            c = {"name": name("dense"), "trainable": True, "output_dim": l[1], "init": "glorot_uniform",
                 "activation": "linear", "W_regularizer": None, "b_regularizer": None, "activity_regularizer": None,
                 "W_constraint": None, "b_constraint": None, "bias": True, "input_dim": None}
            cls = "Dense"
        if i == 0:
            c["batch_input_shape"] = [None, 28, 28, 1]
            c["input_dtype"] = "float32"
        layers.append({"class_name": cls, "config": c})
    return {"class_name": "Sequential", "config": layers, "keras_version": "1.1.1"}


def keras2(zero_based, version, wrap):
    n = {}

    def name(k):
        i = n.get(k, 0)
        n[k] = i + 1
        if zero_based:
            return k if i == 0 else "%s_%d" % (k, i)
        return "%s_%d" % (k, i + 1)
    layers = []
    if wrap:
        layers.append({"class_name": "InputLayer", "config": {"batch_input_shape": [None, 28, 28, 1], "dtype": "float32",
                                                              "sparse": False, "ragged": False, "name": "conv2d_input"}})
    for i, l in enumerate(SEED):
        if l[0] == "conv":
            c = {"name": name("conv2d"), "trainable": True, "dtype": "float32", "filters": l[1], "kernel_size": [l[2], l[2]],
                 "strides": [1, 1], "padding": "valid", "data_format": "channels_last", "dilation_rate": [1, 1],
                 "activation": "linear", "use_bias": True,
                 "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
                 "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": None,
                 "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}
            if wrap:
                c["groups"] = 1
            cls = "Conv2D"
        elif l[0] == "act":
            c, cls = {"name": name("activation"), "trainable": True, "dtype": "float32", "activation": l[1]}, "Activation"
        elif l[0] == "pool":
            c = {"name": name("max_pooling2d"), "trainable": True, "dtype": "float32", "pool_size": [2, 2], "padding": "valid",
                 "strides": [2, 2], "data_format": "channels_last"}
            cls = "MaxPooling2D"
        elif l[0] == "drop":
            c = {"name": name("dropout"), "trainable": True, "dtype": "float32", "rate": l[1], "noise_shape": None, "seed": None}
            cls = "Dropout"
        elif l[0] == "flat":
            c, cls = {"name": name("flatten"), "trainable": True, "dtype": "float32", "data_format": "channels_last"}, "Flatten"
        else:
            c = {"name": name("dense"), "trainable": True, "dtype": "float32", "units": l[1], "activation": "linear",
                 "use_bias": True, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
                 "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": None,
                 "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}
            cls = "Dense"
        if i == 0 and not wrap:
            c["batch_input_shape"] = [None, 28, 28, 1]
        layers.append({"class_name": cls, "config": c})
    if wrap:
        return {"class_name": "Sequential", "config": {"name": "sequential", "layers": layers},
                "keras_version": version, "backend": "tensorflow"}
    return {"class_name": "Sequential", "config": {"name": "sequential_1", "layers": layers},
            "keras_version": version, "backend": "tensorflow"}


def keras3():
    k2 = keras2(True, "3.0.0", True)
    layers = []
    pol = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": None}
    shape = [None, 28, 28, 1]
    for l in k2["config"]["layers"]:
        c = dict(l["config"])
        if l["class_name"] == "InputLayer":
            c = {"batch_shape": [None, 28, 28, 1], "dtype": "float32", "sparse": False, "name": "input_layer"}
            layers.append({"module": "keras.layers", "class_name": "InputLayer", "config": c, "registered_name": None})
            continue
        c["dtype"] = pol
        entry = {"module": "keras.layers", "class_name": l["class_name"], "config": c, "registered_name": None}
        if l["class_name"] in ("Conv2D", "Dense"):
            entry["build_config"] = {"input_shape": shape}
        layers.append(entry)
    return {"module": "keras", "class_name": "Sequential",
            "config": {"name": "sequential", "trainable": True, "dtype": pol, "layers": layers},
            "registered_name": None, "build_config": {"input_shape": [None, 28, 28, 1]}}


def write(name, obj):
    with open(os.path.join(out, name), "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


write("seed_keras1.json", keras1())
write("seed_keras2.json", keras2(False, "2.2.4", False))
write("seed_tfkeras.json", keras2(True, "2.15.0", True))
write("seed_keras3.json", keras3())
