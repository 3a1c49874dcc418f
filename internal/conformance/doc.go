// Package conformance holds tests that compare netsum with real frameworks:
// fixtures written by the oracle generators under tools/oracle/ (TensorFlow.js,
// Debian's torch and onnx) are read from testdata/ and every shape and count
// must match. It has no non-test code.
package conformance
