// Package pykeras provides netsum's own Python modules for Keras code:
// keras (in its 1.x, 2.x, tf.keras and 3.x forms), tensorflow (tf.keras and
// the tensor functions model code uses), keras_core and the numpy subset
// scripts use on shapes. They run inside the sandboxed interpreter of
// package eval: calling a layer on a symbolic tensor records a graph.Node,
// models are assembled with package kerasmodel, and the layer catalog
// (catalog/keras) infers shapes and builds weights. Nothing is computed on
// data: arrays and tensors carry shapes and dtypes only.
//
// One run of a script is a Session: it holds the Keras dialect decided
// before the run (it decides automatic names, defaults and the summary
// style), the naming counters, the models built and the summary() calls
// in order. The front end (internal/frontend/pycode) makes a Session,
// installs it in an eval.Thread and reads the models afterwards.
//
// It imports eval, syntax, graph, diag, catalog/keras and kerasmodel.
package pykeras
