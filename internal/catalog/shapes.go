package catalog

import (
	"fmt"
	"math"
)

// Mul multiplies sizes, returning -1 if any is unknown and an error on
// overflow of int64.
func Mul(xs ...int64) (int64, error) {
	n := int64(1)
	for _, x := range xs {
		if x < 0 {
			return -1, nil
		}
		if x != 0 && n > math.MaxInt64/x {
			return 0, fmt.Errorf("size overflows int64")
		}
		n *= x
	}
	return n, nil
}

// ConvOutLen is the output length of a convolution or pooling window along
// one axis (Keras conv_utils.conv_output_length): padding is "valid",
// "same", "causal" or "full". Unknown input gives unknown output.
func ConvOutLen(in, kernel, stride, dilation int64, padding string) (int64, error) {
	if in < 0 {
		return -1, nil
	}
	if stride <= 0 {
		return 0, fmt.Errorf("strides must be positive, got %d", stride)
	}
	if dilation <= 0 {
		return 0, fmt.Errorf("dilation_rate must be positive, got %d", dilation)
	}
	keff := kernel + (kernel-1)*(dilation-1)
	var out int64
	switch padding {
	case "same", "causal":
		out = in
	case "valid":
		out = in - keff + 1
	case "full":
		out = in + keff - 1
	default:
		return 0, fmt.Errorf("unknown padding %q (expected \"valid\" or \"same\")", padding)
	}
	if out <= 0 {
		return 0, fmt.Errorf("kernel %d larger than input %d with padding=%q", keff, in, padding)
	}
	return (out + stride - 1) / stride, nil
}

// PoolOutLen is like ConvOutLen but Keras pooling floors (in-k)/s+1 for
// "valid" and ceils in/s for "same".
func PoolOutLen(in, pool, stride int64, padding string) (int64, error) {
	return ConvOutLen(in, pool, stride, 1, padding)
}

// DeconvOutLen is the output length of a transposed convolution
// (Keras conv_utils.deconv_output_length). outputPadding < 0 means none.
func DeconvOutLen(in, kernel, stride, dilation int64, padding string, outputPadding int64) (int64, error) {
	if in < 0 {
		return -1, nil
	}
	keff := kernel + (kernel-1)*(dilation-1)
	if outputPadding < 0 {
		switch padding {
		case "valid":
			return in*stride + max64(keff-stride, 0), nil
		case "full":
			return in*stride - (stride + keff - 2), nil
		case "same":
			return in * stride, nil
		}
		return 0, fmt.Errorf("unknown padding %q", padding)
	}
	var pad int64
	switch padding {
	case "same":
		pad = keff / 2
	case "valid":
		pad = 0
	case "full":
		pad = keff - 1
	default:
		return 0, fmt.Errorf("unknown padding %q", padding)
	}
	return (in-1)*stride + keff - 2*pad + outputPadding, nil
}

func max64(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}
