package keras

import (
	"testing"

	"github.com/netsum/netsum/internal/graph"
)

func TestEinsumDense(t *testing.T) {
	// Cases from keras/src/layers/core/einsum_dense_test.py
	// test_einsum_dense_basics (equation, bias_axes, input_shape,
	// output_shape → kernel, bias and output shapes).
	type ed struct {
		name, eq, bias string
		in             graph.Shape
		outShape       any
		kernel, biasS  []int64
		out            graph.Shape
	}
	ported := []ed{
		{"1d_end_weight", "ab,b->a", "", mfS(2, 32), []any{}, []int64{32}, nil, mfS(2)},
		{"2d_middle_weight", "ab,bc->ac", "", mfS(2, 32), int64(64), []int64{32, 64}, nil, mfS(2, 64)},
		{"3d_bert", "abc,cde->abde", "", mfS(2, 1, 2), []any{int64(1), int64(3), int64(4)}, []int64{2, 3, 4}, nil, mfS(2, 1, 3, 4)},
		{"3d_3_bias", "abc,cde->abde", "e", mfS(2, 1, 2), []any{int64(1), int64(3), int64(4)}, []int64{2, 3, 4}, []int64{4}, mfS(2, 1, 3, 4)},
		{"3d_2_bias", "abc,cde->abde", "d", mfS(2, 1, 2), []any{int64(1), int64(3), int64(4)}, []int64{2, 3, 4}, []int64{3, 1}, mfS(2, 1, 3, 4)},
		{"3d_1_3_bias", "abc,cde->abde", "be", mfS(2, 7, 2), []any{int64(7), int64(3), int64(4)}, []int64{2, 3, 4}, []int64{7, 1, 4}, mfS(2, 7, 3, 4)},
		{"3d_bert_projection", "BFNH,NHD->BFD", "", mfS(2, 1, 2, 3), []any{int64(1), int64(4)}, []int64{2, 3, 4}, nil, mfS(2, 1, 4)},
		{"2d_bert", "abc,cd->abd", "", mfS(2, 1, 2), []any{int64(1), int64(4)}, []int64{2, 4}, nil, mfS(2, 1, 4)},
		{"embedding_1d", "i,d->id", "", mfS(2), []any{int64(2)}, []int64{2}, nil, mfS(2, 2)},
		{"xlnet_lm", "ibd,nd->ibn", "", mfS(2, 2, 1), []any{int64(2), int64(2)}, []int64{2, 1}, nil, mfS(2, 2, 2)},
		{"2d_precast", "...b,bc->...c", "", mfS(2, 32), []any{int64(64)}, []int64{32, 64}, nil, mfS(2, 64)},
		{"2d_precast_elided_input_used_in_output", "...bc,bc->...b", "", mfS(2, 32, 64), []any{int64(32)}, []int64{32, 64}, nil, mfS(2, 32)},
		{"2d_precast_multiple_elided_dims", "...b,bc->...c", "", mfS(2, 3, 32), []any{int64(64)}, []int64{32, 64}, nil, mfS(2, 3, 64)},
		{"3d_precast", "...c,cde->...de", "", mfS(2, 1, 2), []any{int64(3), int64(4)}, []int64{2, 3, 4}, nil, mfS(2, 1, 3, 4)},
		{"3d_precast_3_bias", "...c,cde->...de", "e", mfS(2, 1, 2), []any{int64(3), int64(4)}, []int64{2, 3, 4}, []int64{4}, mfS(2, 1, 3, 4)},
		{"3d_precast_2_bias", "...c,cde->...de", "d", mfS(2, 1, 2), []any{int64(3), int64(4)}, []int64{2, 3, 4}, []int64{3, 1}, mfS(2, 1, 3, 4)},
		{"3d_precast_2_3_bias", "...c,cde->...de", "de", mfS(2, 1, 2), []any{int64(3), int64(4)}, []int64{2, 3, 4}, []int64{3, 4}, mfS(2, 1, 3, 4)},
		{"2d_postcast", "bc...,cd->bd...", "", mfS(2, 1, 2, 3), []any{int64(4)}, []int64{1, 4}, nil, mfS(2, 4, 2, 3)},
		{"3d_postcast", "bc...,cde->bde...", "", mfS(2, 1, 2), []any{int64(3), int64(4)}, []int64{1, 3, 4}, nil, mfS(2, 3, 4, 2)},
		{"3d_postcast_1_bias", "bc...,cde->bde...", "d", mfS(2, 1, 2), []any{int64(3), int64(4)}, []int64{1, 3, 4}, []int64{3, 1, 1}, mfS(2, 3, 4, 2)},
		{"3d_postcast_2_bias", "bc...,cde->bde...", "e", mfS(2, 1, 2), []any{int64(3), int64(4)}, []int64{1, 3, 4}, []int64{4, 1}, mfS(2, 3, 4, 2)},
		{"3d_postcast_1_2_bias", "bc...,cde->bde...", "de", mfS(2, 1, 2), []any{int64(3), int64(4)}, []int64{1, 3, 4}, []int64{3, 4, 1}, mfS(2, 3, 4, 2)},
	}
	var cases []mfCase
	for _, e := range ported {
		cfg := map[string]any{"equation": e.eq, "output_shape": e.outShape, "bias_axes": nil}
		w := [][]int64{e.kernel}
		n := int64(1)
		for _, d := range e.kernel {
			n *= d
		}
		if e.biasS != nil {
			cfg["bias_axes"] = e.bias
			w = append(w, e.biasS)
			b := int64(1)
			for _, d := range e.biasS {
				b *= d
			}
			n += b
		}
		cases = append(cases, mfCase{name: e.name, class: "EinsumDense", cfg: cfg, in: []graph.Shape{e.in}, out: []graph.Shape{e.out}, weights: w, params: n})
	}
	cases = append(cases,
		// test_compute_output_shape_before_build: Keras 3 keeps the None of
		// output_shape (compute_output_shape); tf.keras reports the traced
		// einsum shape.
		mfCase{name: "None output Keras 3", class: "EinsumDense",
			cfg: map[string]any{"equation": "abc,cd->abd", "output_shape": []any{nil, int64(4)}, "bias_axes": "d"},
			in:  []graph.Shape{mfS(-1, 3, 8)}, out: []graph.Shape{mfS(-1, -1, 4)}, weights: [][]int64{{8, 4}, {4}}, params: 36},
		mfCase{name: "None output tf.keras", class: "EinsumDense", dialect: graph.TFKeras,
			cfg: map[string]any{"equation": "abc,cd->abd", "output_shape": []any{nil, int64(4)}, "bias_axes": "d"},
			in:  []graph.Shape{mfS(-1, 3, 8)}, out: []graph.Shape{mfS(-1, 3, 4)}, weights: [][]int64{{8, 4}, {4}}, params: 36},
		// _analyze_split_string inserts left-elided dims at index 1 one by
		// one, so Keras 3 lists them reversed.
		mfCase{name: "two elided dims Keras 3", class: "EinsumDense",
			cfg: map[string]any{"equation": "...b,bc->...c", "output_shape": int64(16)},
			in:  []graph.Shape{mfS(-1, 3, 5, 8)}, out: []graph.Shape{mfS(-1, 5, 3, 16)}, weights: [][]int64{{8, 16}}, params: 128},
		mfCase{name: "two elided dims tf.keras", class: "EinsumDense", dialect: graph.TFKeras,
			cfg: map[string]any{"equation": "...b,bc->...c", "output_shape": int64(16)},
			in:  []graph.Shape{mfS(-1, 3, 5, 8)}, out: []graph.Shape{mfS(-1, 3, 5, 16)}, weights: [][]int64{{8, 16}}, params: 128},
		// Multi-head attention query projection: (batch, seq, 64) ->
		// (batch, seq, 8 heads, 16).
		mfCase{name: "attention projection", class: "EinsumDense",
			cfg: map[string]any{"equation": "abc,cde->abde", "output_shape": []any{nil, int64(8), int64(16)}, "bias_axes": "de"},
			in:  []graph.Shape{mfS(-1, 10, 64)}, out: []graph.Shape{mfS(-1, -1, 8, 16)}, weights: [][]int64{{64, 8, 16}, {8, 16}}, params: 64*128 + 128},
		// einsum_dense.py enable_lora: lora_kernel_a kernel[:-1]+(rank,),
		// lora_kernel_b (rank, kernel[-1]); kernel frozen.
		mfCase{name: "lora", class: "EinsumDense",
			cfg: map[string]any{"equation": "ab,bc->ac", "output_shape": int64(64), "lora_rank": int64(2)},
			in:  []graph.Shape{mfS(-1, 32)}, out: []graph.Shape{mfS(-1, 64)},
			weights: [][]int64{{32, 64}, {32, 2}, {2, 64}}, params: 2048 + 64 + 128, nonTr: 2048},
		mfCase{name: "bad equation", class: "EinsumDense", cfg: map[string]any{"equation": "ab->b", "output_shape": int64(3)},
			in: []graph.Shape{mfS(-1, 3)}, err: "invalid einsum equation"},
		mfCase{name: "rank mismatch", class: "EinsumDense", cfg: map[string]any{"equation": "abc,cd->abd", "output_shape": []any{int64(3), int64(4)}},
			in: []graph.Shape{mfS(-1, 3)}, err: "expects an input of rank 3"},
		mfCase{name: "output_shape length", class: "EinsumDense", cfg: map[string]any{"equation": "abc,cd->abd", "output_shape": int64(4)},
			in: []graph.Shape{mfS(-1, 3, 8)}, err: "needs 2 sizes"},
		mfCase{name: "shared dim mismatch", class: "EinsumDense", cfg: map[string]any{"equation": "abc,cd->abd", "output_shape": []any{int64(5), int64(4)}},
			in: []graph.Shape{mfS(-1, 3, 8)}, err: "do not match at shared dimension 'b'"},
		mfCase{name: "weight dim unmatched", class: "EinsumDense", cfg: map[string]any{"equation": "ab,bz->ab", "output_shape": int64(3)},
			in: []graph.Shape{mfS(-1, 3)}, err: "weight dimension 'z' did not have a match"},
		mfCase{name: "bias not in output", class: "EinsumDense", cfg: map[string]any{"equation": "ab,bc->ac", "output_shape": int64(3), "bias_axes": "b"},
			in: []graph.Shape{mfS(-1, 3)}, err: "bias dimension 'b' was requested"},
		mfCase{name: "unknown kernel dim", class: "EinsumDense", cfg: map[string]any{"equation": "ab,bc->ac", "output_shape": int64(3)},
			in: []graph.Shape{mfS(-1, -1)}, err: "kernel dimension 'b' is unknown"},
	)
	mfRun(t, cases)
}
