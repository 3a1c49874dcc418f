#!/usr/bin/env python3
"""Write small TensorFlow SavedModel directories for netsum's tests
(testdata/savedmodel), without TensorFlow (not installable here).

The files are laid out by the facts of TensorFlow's protos and Keras'
json_utils (cited in internal/frontend/savedmodel/savedmodel.go):

  keras_metadata.pb  SavedMetadata{nodes=1: SavedObject{node_id=2, node_path=3, identifier=4, metadata=5}}
  saved_model.pb     SavedModel{schema_version=1, meta_graphs=2: MetaGraphDef{graph_def=2,
                     object_graph_def=7: SavedObjectGraph{nodes=1: SavedObject{user_object=4:
                     SavedUserObject{identifier=1, metadata=3}}}}}

The model config is the seed CNN as tf.keras 2.15 serializes it
(testdata/keras/seed_tfkeras.json), with tuples encoded the way
json_utils.Encoder writes them in SavedModel metadata.

    /usr/bin/python3 tools/oracle/savedmodel/make.py testdata/savedmodel
"""

import json
import os
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "..")


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def tag(num, wire):
    return varint(num << 3 | wire)


def vfield(num, n):
    return tag(num, 0) + varint(n)


def bfield(num, b):
    if isinstance(b, str):
        b = b.encode()
    return tag(num, 2) + varint(len(b)) + b


# Keys whose list values Keras' get_config returns as tuples.
TUPLE_KEYS = {"kernel_size", "strides", "pool_size", "dilation_rate", "batch_input_shape",
              "batch_shape", "target_shape", "size", "cropping", "padding", "dims"}


def tuples(v, key=None):
    if isinstance(v, dict):
        return {k: tuples(e, k) for k, e in v.items()}
    if isinstance(v, list):
        items = [tuples(e) for e in v]
        if key in TUPLE_KEYS:
            return {"class_name": "__tuple__", "items": items}
        return items
    return v


def metadata(model_config, training=True):
    cfg = model_config["config"]
    md = {
        "name": cfg["name"], "trainable": True, "expects_training_arg": True,
        "dtype": "float32", "batch_input_shape": None, "must_restore_from_config": False,
        "preserve_input_structure_in_config": False, "autocast": False,
        "class_name": model_config["class_name"], "config": cfg,
        "shared_object_id": 0, "is_graph_network": True,
        "full_save_spec": {"class_name": "__tuple__", "items": [[{"class_name": "TypeSpec",
                           "type_spec": "tf.TensorSpec", "serialized": [
                               {"class_name": "TensorShape", "items": [None, 28, 28, 1]}, "float32", "conv2d_input"]}], {}]},
        "save_spec": {"class_name": "TypeSpec", "type_spec": "tf.TensorSpec", "serialized": [
            {"class_name": "TensorShape", "items": [None, 28, 28, 1]}, "float32", "conv2d_input"]},
        "keras_version": "2.15.0", "backend": "tensorflow",
        "model_config": model_config,
    }
    if training:
        md["training_config"] = {
            "loss": "categorical_crossentropy", "metrics": None, "weighted_metrics": None,
            "loss_weights": None,
            "optimizer_config": {"class_name": "SGD", "config": {
                "name": "SGD", "learning_rate": 0.01, "momentum": 0.9, "nesterov": False}}}
    return json.dumps(tuples(md))


def layer_node(i, path, ident, md):
    return bfield(1, vfield(2, i) + bfield(3, path) + bfield(4, ident) + bfield(5, md))


def saved_model(root_metadata, nodes_extra=b""):
    user = bfield(1, "_tf_keras_sequential") + bfield(2, vfield(1, 1))
    if root_metadata is not None:
        user += bfield(3, root_metadata)
    node0 = bfield(4, user)
    # A variable node (kind variable=7) after the root, as TF writes them.
    var = bfield(7, vfield(1, 1) + bfield(6, "conv2d/kernel"))
    object_graph = bfield(1, node0) + bfield(1, var) + nodes_extra
    graph_def = bfield(1, bfield(1, "unused_node") + bfield(2, "NoOp")) * 50
    meta_graph = bfield(1, bfield(1, "serve")) + bfield(2, graph_def) + bfield(7, object_graph)
    return vfield(1, 1) + bfield(2, meta_graph)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main(out):
    with open(os.path.join(ROOT, "testdata/keras/seed_tfkeras.json")) as f:
        mc = json.load(f)
    mc.pop("keras_version", None)
    mc.pop("backend", None)
    md = metadata(mc)
    # TF 2.5+: config in keras_metadata.pb, none in the object graph.
    kmeta = layer_node(0, "root", "_tf_keras_sequential", md)
    for i, l in enumerate(mc["config"]["layers"][1:]):
        kmeta += layer_node(i + 1, "root.layer-%d" % i, "_tf_keras_layer",
                            json.dumps(tuples({"class_name": l["class_name"], "config": l["config"]})))
    write(os.path.join(out, "tf2.15/keras_metadata.pb"), kmeta)
    write(os.path.join(out, "tf2.15/saved_model.pb"), saved_model(None))
    os.makedirs(os.path.join(out, "tf2.15/variables"), exist_ok=True)
    # TF 2.0-2.4: config in the root user object's metadata.
    write(os.path.join(out, "tf2.4/saved_model.pb"), saved_model(md))
    # tf.saved_model.save of a tf.Module: no Keras metadata at all.
    write(os.path.join(out, "tfmodule/saved_model.pb"), saved_model(None))
    # A subclassed model: metadata without a config.
    sub = json.dumps({"name": "my_model", "class_name": "MyModel", "is_graph_network": False,
                      "keras_version": "2.15.0", "backend": "tensorflow",
                      "model_config": {"class_name": "MyModel"}})
    write(os.path.join(out, "subclassed/keras_metadata.pb"), layer_node(0, "root", "_tf_keras_model", sub))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "testdata/savedmodel"))
