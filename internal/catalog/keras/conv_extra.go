package keras

import (
	"fmt"

	"github.com/netsum/netsum/internal/catalog"
	"github.com/netsum/netsum/internal/graph"
)

// Transposed, separable, depthwise and locally connected convolutions.

func init() {
	Register(
		// Keras 2 and tf.keras: Convolution2DTranspose = Conv2DTranspose,
		// Deconvolution2D = Deconv2D = Conv2DTranspose (keras@2.3.1:
		// keras/layers/convolutional.py:2578-2580). Keras 1 Deconvolution2D
		// (keras@1.1.1) is the same layer with an explicit output_shape.
		&Spec{Class: "Conv1DTranspose", Aliases: []string{"Convolution1DTranspose"}, Family: "conv", Infer: convTransposeInfer(1)},
		&Spec{Class: "Conv2DTranspose", Aliases: []string{"Convolution2DTranspose", "Deconvolution2D", "Deconv2D"}, Family: "conv", Infer: convTransposeInfer(2)},
		&Spec{Class: "Conv3DTranspose", Aliases: []string{"Convolution3DTranspose", "Deconvolution3D", "Deconv3D"}, Family: "conv", Infer: convTransposeInfer(3)},
		&Spec{Class: "SeparableConv1D", Aliases: []string{"SeparableConvolution1D"}, Family: "conv", Infer: separableInfer(1)},
		&Spec{Class: "SeparableConv2D", Aliases: []string{"SeparableConvolution2D"}, Family: "conv", Infer: separableInfer(2)},
		&Spec{Class: "DepthwiseConv1D", Family: "conv", Infer: depthwiseInfer(1)},
		&Spec{Class: "DepthwiseConv2D", Family: "conv", Infer: depthwiseInfer(2)},
		&Spec{Class: "LocallyConnected1D", Family: "conv", Infer: locallyConnectedInfer(1)},
		&Spec{Class: "LocallyConnected2D", Family: "conv", Infer: locallyConnectedInfer(2)},
	)
}

// convTransposeInfer: kernel (k..., filters, in_channels) + bias (filters)
// (Keras 3 keras/src/layers/convolutional/base_conv_transpose.py build;
// tf.keras keras/layers/convolutional/conv2d_transpose.py). Output length
// per axis (Keras 3 keras/src/backend/common/backend_utils.py
// _get_output_shape_given_tf_padding, tf.keras conv_utils.deconv_output_length):
// without output_padding valid (L-1)s+max(k_eff,s), same L·s, full
// L·s-(s+k_eff-2); with output_padding p (L-1)s+k_eff-2·pad+p, pad = k_eff//2
// (same), 0 (valid), k_eff-1 (full).
//
// Keras 1 Deconvolution2D(nb_filter, nb_row, nb_col, output_shape) prints
// (batch, rows, cols, nb_filter) with rows and cols taken from output_shape
// (keras@1.1.1:keras/layers/convolutional.py Deconvolution2D
// get_output_shape_for); its kernel is Convolution2D's,
// (nb_row, nb_col, in, nb_filter) or (nb_filter, in, nb_row, nb_col) for "th".
// Keras 2's legacy Deconvolution2D drops output_shape, so it is used only in
// the Keras 1 (or unknown) dialect.
func convTransposeInfer(n int) func(c *Call) error {
	return func(c *Call) error {
		w, err := readWindow(c, n, noCausal)
		if err != nil {
			return err
		}
		filters, err := convFilters(c)
		if err != nil {
			return err
		}
		s, g, dims, cin, bias := w.s, w.g, w.dims, w.cin, w.bias
		outPad, err := c.Cfg.Ints(n, nil, "output_padding")
		if err != nil {
			return err
		}
		for i, p := range outPad {
			if p < 0 || p >= g.strides[i] {
				return fmt.Errorf("output_padding %s must be >= 0 and smaller than strides %s", intsTuple(outPad), intsTuple(g.strides))
			}
		}
		out := make([]int64, n)
		k1 := k1Deconv(c, n)
		if k1 {
			os, _, err := c.Cfg.Shape("output_shape")
			if err != nil {
				return err
			}
			if len(os) != n+2 {
				return fmt.Errorf("output_shape must have %d entries (batch included), got %s", n+2, catalog.Repr(c.Cfg["output_shape"]))
			}
			out, _ = spatial(graph.Shape(os), n, g.cf)
		} else {
			for i := range dims {
				op := int64(-1)
				if outPad != nil {
					op = outPad[i]
				}
				if out[i], err = catalog.DeconvOutLen(dims[i], g.kernel[i], g.strides[i], g.dilation[i], g.padding, op); err != nil {
					return err
				}
				if dims[i] >= 0 && out[i] <= 0 {
					return fmt.Errorf("kernel %s with strides %s and padding=%q gives an empty output on input %s", dimsX(g.effKernel()), intsTuple(g.strides), g.padding, dimsX(dims))
				}
			}
		}
		fd, id := F("filters", filters), F("in_channels", cin)
		var kd []D
		if k1 || c.Dialect == graph.Keras1 {
			// Keras 1 Deconvolution2D builds Convolution2D's kernel.
			kd = convKernelDims(c, n, g.cf, g.kernel, id, fd)
		} else {
			kd = append(w.kernelFactors(), fd, id)
		}
		c.AddWeight("kernel", true, kd...)
		if bias {
			c.AddWeight("bias", true, fd)
		}
		c.SetOut(assemble(s[0], out, filters, g.cf))
		return nil
	}
}

// k1Deconv reports whether a Keras 1 Deconvolution2D output_shape decides
// the output.
func k1Deconv(c *Call, n int) bool {
	if n != 2 || (c.Layer.Class != "Deconvolution2D" && c.Layer.Class != "Deconv2D") || !c.Cfg.Has("output_shape") {
		return false
	}
	return c.Dialect == graph.Keras1 || c.Dialect == graph.DialectUnknown
}

// depthMultiplier reads depth_multiplier (default 1, > 0).
func depthMultiplier(c *Call) (int64, error) {
	dm, err := c.Cfg.Int(1, "depth_multiplier")
	if err != nil {
		return 0, err
	}
	if dm <= 0 {
		return 0, fmt.Errorf("depth_multiplier must be positive, got %d", dm)
	}
	return dm, nil
}

// separableInfer: depthwise_kernel (k..., in, depth_multiplier),
// pointwise_kernel (1..., in·depth_multiplier, filters), bias (filters)
// (Keras 3 keras/src/layers/convolutional/base_separable_conv.py build;
// tf.keras keras/layers/convolutional/separable_conv2d.py; Keras 1
// SeparableConvolution2D "th": (dm, in, kh, kw) and (filters, in·dm, 1, 1),
// keras@1.1.1:keras/layers/convolutional.py:939-950).
func separableInfer(n int) func(c *Call) error {
	return func(c *Call) error {
		w, err := readWindow(c, n, causal1D)
		if err != nil {
			return err
		}
		filters, err := convFilters(c)
		if err != nil {
			return err
		}
		dm, err := depthMultiplier(c)
		if err != nil {
			return err
		}
		out, err := w.g.outDims(w.dims)
		if err != nil {
			return err
		}
		kd, g, cin, bias, s := w.kernelFactors(), w.g, w.cin, w.bias, w.s
		var pw []D
		for i := 0; i < n; i++ {
			pw = append(pw, unitDim())
		}
		in, dmd := F("in_channels", cin), F("depth_multiplier", dm)
		mid, fd := P(in, dmd), F("filters", filters)
		if c.Dialect == graph.Keras1 && g.cf {
			c.AddWeight("depthwise_kernel", true, append([]D{dmd, in}, kd...)...)
			c.AddWeight("pointwise_kernel", true, append([]D{fd, mid}, pw...)...)
		} else {
			c.AddWeight("depthwise_kernel", true, append(kd, in, dmd)...)
			c.AddWeight("pointwise_kernel", true, append(pw, mid, fd)...)
		}
		if bias {
			c.AddWeight("bias", true, fd)
		}
		c.SetOut(assemble(s[0], out, filters, g.cf))
		return nil
	}
}

// depthwiseInfer: kernel (k..., in, depth_multiplier) + bias
// (in·depth_multiplier); output channels in·depth_multiplier (Keras 3
// keras/src/layers/convolutional/base_depthwise_conv.py names the kernel
// "kernel"; tf.keras keras/layers/convolutional/base_depthwise_conv.py and
// Keras 2.1.5+ name it "depthwise_kernel").
func depthwiseInfer(n int) func(c *Call) error {
	return func(c *Call) error {
		w, err := readWindow(c, n, noCausal)
		if err != nil {
			return err
		}
		dm, err := depthMultiplier(c)
		if err != nil {
			return err
		}
		out, err := w.g.outDims(w.dims)
		if err != nil {
			return err
		}
		kd, g, cin, bias, s := w.kernelFactors(), w.g, w.cin, w.bias, w.s
		in, dmd := F("in_channels", cin), F("depth_multiplier", dm)
		name := "depthwise_kernel"
		if c.Dialect == graph.Keras3 {
			name = "kernel"
		}
		c.AddWeight(name, true, append(kd, in, dmd)...)
		if bias {
			c.AddWeight("bias", true, P(in, dmd))
		}
		c.SetOut(assemble(s[0], out, cin*dm, g.cf))
		return nil
	}
}

// locallyConnectedInfer: an unshared convolution (Keras 1 keras/layers/local.py,
// Keras 2 keras/layers/local.py, tf.keras
// keras/layers/locally_connected/locally_connected{1,2}d.py; absent from
// Keras 3). Bias (out..., filters). Kernel by implementation:
// 1 (default, the only one before tf.keras): (Π out, Π k · in, filters);
// 2: the dense masked kernel, channels_last (in..., in_ch, out..., filters),
// channels_first (in_ch, in..., filters, out...);
// 3: (number of connections,) from conv_utils.conv_kernel_idxs.
// Spatial input dims must be known.
func locallyConnectedInfer(n int) func(c *Call) error {
	return func(c *Call) error {
		s, err := c.OneRank(n + 2)
		if err != nil {
			return err
		}
		filters, err := convFilters(c)
		if err != nil {
			return err
		}
		g, err := readConvGeom(c, n)
		if err != nil {
			return err
		}
		if maxInt64s(g.dilation) != 1 {
			return fmt.Errorf("%s has no dilation_rate", c.Layer.Class)
		}
		impl, err := c.Cfg.Int(1, "implementation")
		if err != nil {
			return err
		}
		if impl < 1 || impl > 3 {
			return fmt.Errorf("implementation must be 1, 2 or 3, got %d", impl)
		}
		switch {
		case g.padding == "same" && impl == 1:
			return fmt.Errorf("padding=\"same\" needs implementation 2 or 3 in %s (only \"valid\" is supported with implementation=1)", c.Layer.Class)
		case g.padding != "valid" && g.padding != "same":
			return fmt.Errorf("padding=%q is not supported by %s", g.padding, c.Layer.Class)
		}
		dims, cin := spatial(s, n, g.cf)
		if cin, err = channelsKnown(s, cin); err != nil {
			return err
		}
		for _, d := range dims {
			if d < 0 {
				return fmt.Errorf("%s needs known spatial input dims, got shape %s", c.Layer.Class, s)
			}
		}
		out, err := g.outDims(dims)
		if err != nil {
			return err
		}
		bias, err := useBias(c)
		if err != nil {
			return err
		}
		outNames := []string{"out_len"}
		inNames := []string{"in_len"}
		if n == 2 {
			outNames = []string{"out_h", "out_w"}
			inNames = []string{"in_h", "in_w"}
		}
		var od, idims, kd []D
		for i := 0; i < n; i++ {
			od = append(od, F(outNames[i], out[i]))
			idims = append(idims, F(inNames[i], dims[i]))
			kd = append(kd, F(kernelNames(n)[i], g.kernel[i]))
		}
		ch, fd := F("in_channels", cin), F("filters", filters)
		switch impl {
		case 1:
			c.AddWeight("kernel", true, P(od...), P(append(kd, ch)...), fd)
		case 2:
			if g.cf {
				c.AddWeight("kernel", true, append(append(append([]D{ch}, idims...), fd), od...)...)
			} else {
				c.AddWeight("kernel", true, append(append(append(idims, ch), od...), fd)...)
			}
		case 3:
			conn := []D{}
			for i := 0; i < n; i++ {
				conn = append(conn, F("connections_"+inNames[i][3:], localConnections(dims[i], g.kernel[i], g.strides[i], out[i], g.padding)))
			}
			c.AddWeight("kernel", true, P(append(conn, ch, fd)...))
		}
		if bias {
			c.AddWeight("bias", true, append(od, fd)...)
		}
		c.SetOut(assemble(s[0], out, filters, g.cf))
		return nil
	}
}

// localConnections counts, along one axis, the (output, input) position
// pairs conv_utils.conv_connected_inputs links (tf.keras
// keras/utils/conv_utils.py): for output o the inputs
// [max(0, ctr-k//2), min(L, ctr+k-k//2)) with ctr = o·s (+ k//2 if valid).
// The kernel of implementation 3 has their product over axes times
// in_channels·filters entries.
func localConnections(in, k, s, out int64, padding string) int64 {
	left, right := k/2, k-k/2
	if padding == "valid" {
		return out * k
	}
	var total int64
	// Windows fully inside [0, in) are o with o·s >= left and o·s+right <= in.
	lo := (left + s - 1) / s
	hi := int64(-1)
	if in-right >= 0 {
		hi = (in - right) / s
	}
	if hi > out-1 {
		hi = out - 1
	}
	count := func(o int64) int64 {
		start, end := max(0, o*s-left), min(in, o*s+right)
		if end > start {
			return end - start
		}
		return 0
	}
	if lo <= hi {
		total += (hi - lo + 1) * k
		for o := int64(0); o < lo; o++ {
			total += count(o)
		}
		for o := hi + 1; o < out; o++ {
			total += count(o)
		}
		return total
	}
	for o := int64(0); o < out; o++ {
		total += count(o)
	}
	return total
}
