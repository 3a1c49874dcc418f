// Package explain says where every number of a summary comes from: each
// weight's size as a product of named factors (kernel height · kernel
// width · input channels · filters), each layer's parameter formula
// ((5·5·32 + 1)·64 = 51,264), the formula of each output length
// ((28 − 5)/1 + 1 = 24), why a layer has no parameters, and notes (one bias
// per filter, non-trainable statistics, what depends on the input).
//
// It works on summary rows only and reads layer configs through the
// catalog's Config helpers; the catalog's families and aliases decide how a
// class is explained. All text comes from one message catalog
// (messages.go) in English and Russian.
//
// Entry points: Render (the per-layer walk of `netsum explain`),
// Explanation (one or two sentences per layer, the JSON "explanation"),
// WeightFormula and Terms (the JSON "formula" and "terms" of a weight),
// RowExpr and LayerExpr (a layer's formula), AnnotateTable (the Formula
// column of `netsum summary --explain`) and Hint (a shape error restated
// with its formula).
//
// It imports summary, graph, catalog and catalog/keras; renderers may
// import it.
package explain
