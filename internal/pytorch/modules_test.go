package pytorch

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/netsum/netsum/internal/summary"
)

// moduleFixture is what tools/oracle/torch/hooks.py records for a script
// of tools/oracle/torch/modules/.
type moduleFixture struct {
	expected
	Model     string `json:"model"`
	Class     string `json:"class"`
	Trainable int64  `json:"trainable"`
	Tensors   []struct {
		Name      string  `json:"name"`
		Shape     []int64 `json:"shape"`
		DType     string  `json:"dtype"`
		Buffer    bool    `json:"buffer"`
		Trainable bool    `json:"trainable"`
	} `json:"tensors"`
}

// TestModules runs each script of tools/oracle/torch/modules/ (one torch.nn
// concern per script) and compares with what torch 1.13 reported for it
// (testdata/pytorch/modules/*.expected.json, written by hooks.py): totals,
// the output, every module call's name, class, depth and output shape, and
// every parameter and buffer by state_dict name with shape and dtype.
func TestModules(t *testing.T) {
	files, err := filepath.Glob("../../testdata/pytorch/modules/*.expected.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	rowsCompared := 0
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".expected.json")
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var want moduleFixture
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			script := filepath.Join("../../tools/oracle/torch/modules", want.Model+".py")
			src, err := os.ReadFile(script)
			if err != nil {
				t.Fatal(err)
			}
			ms, err := Open(script, src, Options{ModelName: want.Class, InputSize: want.InputSize})
			if err != nil {
				t.Fatal(err)
			}
			s := summary.Build(ms[0])
			if s.Totals.Params != want.Params || s.Totals.Buffers != want.Buffers || s.Totals.Trainable != want.Trainable {
				t.Errorf("params %d (trainable %d) buffers %d; torch: %d (%d) %d", s.Totals.Params, s.Totals.Trainable, s.Totals.Buffers, want.Params, want.Trainable, want.Buffers)
			}
			if len(s.Outputs) == 0 || !s.Outputs[0].Shape.Equal(want.Output) {
				var got any
				if len(s.Outputs) > 0 {
					got = s.Outputs[0].Shape
				}
				t.Errorf("output %v, torch %v", got, want.Output)
			}
			rowsCompared += compareCalls(t, s, want.Calls)
			got := map[string]string{}
			for _, w := range ms[0].Weights() {
				got[w.Name] = fmt.Sprintf("%v %s buffer=%v trainable=%v", w.Shape, w.DType, w.Buffer, w.Trainable)
			}
			wantT := map[string]string{}
			for _, w := range want.Tensors {
				if w.Shape == nil {
					w.Shape = []int64{}
				}
				wantT[w.Name] = fmt.Sprintf("%v %s buffer=%v trainable=%v", w.Shape, w.DType, w.Buffer, w.Trainable)
			}
			var names []string
			for n := range wantT {
				names = append(names, n)
			}
			for n := range got {
				if _, ok := wantT[n]; !ok {
					names = append(names, n)
				}
			}
			sort.Strings(names)
			for _, n := range names {
				if got[n] != wantT[n] {
					t.Errorf("tensor %s: %q, torch %q", n, got[n], wantT[n])
				}
			}
		})
	}
	t.Logf("%d fixtures, %d call rows compared equal", len(files), rowsCompared)
}

// TestModuleErrors gives modules wrong arguments or inputs: netsum must
// fail with torch's message at the line of the failing call. The messages
// are what Debian's torch 1.13 raises for the same constructor and input
// (torch.rand of the input size).
func TestModuleErrors(t *testing.T) {
	for _, c := range []struct {
		ctor  string
		input []int64
		line  int // 5: the constructor, 8: the call in forward, 0: inside transformer.py (the traceback names model.py)
		want  string
		call  string // forward's expression; default self.m(x)
	}{
		{"nn.Conv2d(3, 8, 3)", []int64{1, 4, 8, 8}, 8, "RuntimeError: Given groups=1, weight of size [8, 3, 3, 3], expected input[1, 4, 8, 8] to have 3 channels, but got 4 channels instead", ""},
		{"nn.Conv2d(3, 8, 3, groups=2)", nil, 5, "ValueError: in_channels must be divisible by groups", ""},
		{"nn.Conv2d(3, 8, 3, padding_mode='foo')", nil, 5, "ValueError: padding_mode must be one of {'circular', 'reflect', 'zeros', 'replicate'}, but got padding_mode='foo'", ""},
		{"nn.Conv2d(3, 8, 3, stride=2, padding='same')", nil, 5, "ValueError: padding='same' is not supported for strided convolutions", ""},
		{"nn.Conv2d(3, 8, 3, padding='full')", nil, 5, "ValueError: Invalid padding string 'full', should be one of {'same', 'valid'}", ""},
		{"nn.Conv2d(3, 8, 5)", []int64{1, 3, 3, 3}, 8, "RuntimeError: Calculated padded input size per channel: (3 x 3). Kernel size: (5 x 5). Kernel size can't be greater than actual input size", ""},
		{"nn.Conv1d(3, 8, 3)", []int64{1, 3, 8, 8}, 8, "RuntimeError: Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [1, 3, 8, 8]", ""},
		{"nn.ConvTranspose2d(3, 8, 3, output_padding=1)", []int64{1, 3, 4, 4}, 8, "RuntimeError: output padding must be smaller than either stride or dilation", ""},
		{"nn.Linear(10, 5)", []int64{2, 8}, 8, "RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x8 and 10x5)", ""},
		{"nn.Linear(10)", nil, 5, "TypeError: Linear.__init__() missing 1 required positional argument: 'out_features'", ""},
		{"nn.LSTM(8, 6)", []int64{5, 2, 7}, 8, "RuntimeError: input.size(-1) must be equal to input_size. Expected 8, got 7", ""},
		{"nn.MaxPool2d(3, padding=2)", []int64{1, 3, 8, 8}, 8, "RuntimeError: pad should be at most half of kernel size, but got pad=2 and kernel_size=3", ""},
		{"nn.MaxPool2d(5)", []int64{1, 3, 3, 3}, 8, "RuntimeError: Given input size: (3x3x3). Calculated output size: (3x0x0). Output size is too small", ""},
		{"nn.AvgPool2d(2, stride=0)", []int64{1, 2, 4, 4}, 8, "RuntimeError: stride should not be zero", ""},
		{"nn.MultiheadAttention(10, 3)", nil, 5, "AssertionError: embed_dim must be divisible by num_heads", ""},
		{"nn.TransformerEncoderLayer(16, 3)", nil, 0, "AssertionError: embed_dim must be divisible by num_heads", ""},
		{"nn.BatchNorm2d(4)", []int64{2, 4, 5}, 8, "ValueError: expected 4D input (got 3D input)", ""},
		{"nn.BatchNorm2d(4)", []int64{2, 6, 5, 5}, 8, "RuntimeError: running_mean should contain 6 elements not 4", ""},
		{"nn.BatchNorm1d(4)", []int64{2, 4, 5, 5}, 8, "ValueError: expected 2D or 3D input (got 4D input)", ""},
		{"nn.GroupNorm(4, 6)", nil, 5, "ValueError: num_channels must be divisible by num_groups", ""},
		{"nn.GroupNorm(3, 6)", []int64{2, 4, 3}, 8, "RuntimeError: Expected number of channels in input to be divisible by num_groups, but got input of shape [2, 4, 3] and num_groups=3", ""},
		{"nn.LayerNorm(5)", []int64{2, 4}, 8, "RuntimeError: Given normalized_shape=[5], expected input with shape [*, 5], but got input of size[2, 4]", ""},
		{"nn.InstanceNorm2d(4)", []int64{4, 5}, 8, "ValueError: expected 3D or 4D input (got 2D input)", ""},
		{"nn.PixelShuffle(2)", []int64{1, 5, 4, 4}, 8, "RuntimeError: pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=5 is not divisible by 4", ""},
		{"nn.Embedding(10, 3, padding_idx=10)", nil, 5, "AssertionError: Padding_idx must be within num_embeddings", ""},
		{"nn.Flatten(3)", []int64{2, 3}, 8, "IndexError: Dimension out of range (expected to be in range of [-2, 1], but got 3)", ""},
		{"nn.GLU()", []int64{2, 5}, 8, "RuntimeError: Halving dimension must be even, but dimension 1 is size 5", ""},
		{"nn.ReflectionPad2d(3)", []int64{1, 2, 3, 3}, 8, "RuntimeError: Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 3 of input 4", ""},
		{"nn.ZeroPad2d((1, 2, 3))", []int64{1, 2, 3, 3}, 8, "RuntimeError: Padding length must be divisible by 2", ""},
		{"nn.AdaptiveAvgPool2d((2, 2, 2))", []int64{1, 2, 5, 5}, 8, "RuntimeError: adaptive_avg_pool2d: output_size must be 2", ""},
		{"nn.Fold((4, 5), 2)", []int64{1, 12, 10}, 8, "RuntimeError: Given output_size=(4, 5), kernel_size=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1), expected size of input's dimension 2 to match the calculated number of sliding blocks 3 * 4 = 12, but got input.size(2)=10.", ""},
		{"nn.RNNCell(4, 3)", []int64{2, 5}, 8, "RuntimeError: input has inconsistent input_size: got 5 expected 4", ""},
		{"nn.Softmax2d()", []int64{2, 3}, 8, "AssertionError: Softmax2d requires a 3D or 4D tensor as input", ""},
		{"nn.PReLU(3)", []int64{2, 4, 5}, 8, "RuntimeError: Mismatch of parameter numbers and input channel size. Found parameter numbers = 3 and channel size = 4.", ""},
		{"nn.Upsample()", []int64{1, 2, 3, 3}, 8, "ValueError: either size or scale_factor should be defined", ""},
		{"nn.Unflatten(1, (2, 3))", []int64{2, 5}, 8, "RuntimeError: unflatten: Provided sizes [2, 3] don't multiply up to the size of dim 1 (5) in the input tensor", ""},
		{"nn.EmbeddingBag(10, 3, mode='median')", []int64{2, 3}, 8, "ValueError: mode has to be one of sum, mean or max", ""},
		{"nn.Upsample(scale_factor=2, mode='linear')", []int64{1, 2, 3, 3}, 8, "NotImplementedError: Got 4D input, but linear mode needs 3D input", ""},
		{"nn.Upsample(scale_factor=2, mode='nearest', align_corners=True)", []int64{1, 2, 3, 3}, 8, "ValueError: align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear", ""},
		{"nn.Upsample(size=4, scale_factor=2)", []int64{1, 2, 3, 3}, 8, "ValueError: only one of size or scale_factor should be defined", ""},
		{"nn.Upsample(size=(4, 4, 4))", []int64{1, 2, 3, 3}, 8, "ValueError: Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [3, 3] and output size of (4, 4, 4).", ""},
		{"nn.Upsample(scale_factor=0.3)", []int64{1, 2, 3, 3}, 8, "RuntimeError: Input and output sizes should be greater than 0, but got input (H: 3, W: 3) output (H: 0, W: 0)", ""},
		{"nn.Linear(-1, 2)", nil, 5, "RuntimeError: Trying to create tensor with negative dimension -1: [2, -1]", ""},
		{"nn.Embedding(-3, 2)", nil, 5, "RuntimeError: Trying to create tensor with negative dimension -3: [-3, 2]", ""},
		{"nn.Conv2d(3, -8, 3)", nil, 5, "RuntimeError: Trying to create tensor with negative dimension -8: [-8, 3, 3, 3]", ""},
		{"nn.LSTM(4, 3, proj_size=3)", nil, 5, "ValueError: proj_size has to be smaller than hidden_size", ""},
		{"nn.GRU(4, 3, proj_size=2)", nil, 5, "ValueError: proj_size argument is only supported for LSTM, not RNN or GRU", ""},
		{"nn.RNN(4, 3, nonlinearity='foo')", nil, 5, "ValueError: Unknown nonlinearity 'foo'", ""},
		{"nn.LSTM(4, 3, dropout=2)", nil, 5, "ValueError: dropout should be a number in range [0, 1] representing the probability of an element being zeroed", ""},
		{"nn.RNNBase('FOO', 4, 3, 2)", nil, 5, "ValueError: Unrecognized RNN mode: FOO", ""},
		{"nn.RNNBase('LSTM', 4, 3, 2)", []int64{5, 2, 4}, 8, `NotImplementedError: Module [RNNBase] is missing the required "forward" function`, ""},
		{"nn.LSTM(4, 3)", []int64{5, 2, 4}, 8, "RuntimeError: Expected hidden[0] size (1, 2, 3), got [1, 2, 2]", "self.m(x, (torch.zeros(1, 2, 2), torch.zeros(1, 2, 3)))"},
		{"nn.GRU(4, 3)", []int64{5, 2, 4}, 8, "RuntimeError: Expected hidden size (1, 2, 3), got [2, 2, 3]", "self.m(x, torch.zeros(2, 2, 3))"},
		{"nn.MultiheadAttention(8, 2)", []int64{5, 2, 8}, 8, "RuntimeError: The shape of the 2D attn_mask is torch.Size([4, 5]), but should be (5, 5).", "self.m(x, x, x, attn_mask=torch.zeros(4, 5))"},
		{"nn.MultiheadAttention(8, 2)", []int64{5, 2, 8}, 8, "RuntimeError: The shape of the 3D attn_mask is torch.Size([3, 5, 5]), but should be (4, 5, 5).", "self.m(x, x, x, attn_mask=torch.zeros(3, 5, 5))"},
		{"nn.MultiheadAttention(8, 2)", []int64{5, 2, 8}, 8, "AssertionError: expecting key_padding_mask shape of (2, 5), but got torch.Size([2, 4])", "self.m(x, x, x, key_padding_mask=torch.zeros(2, 4, dtype=torch.bool))"},
		{"nn.MultiheadAttention(8, 2)", []int64{5, 2, 8}, 8, "AssertionError: key shape torch.Size([4, 2, 8]) does not match value shape torch.Size([5, 2, 8])", "self.m(x, torch.rand(4, 2, 8), x)"},
		{"nn.Linear(2, 2)", []int64{2, 2}, 8, "TypeError: cannot assign 'int' object to buffer 'x' (torch Tensor or None required)", "self.m.register_buffer('x', 3)"},
		{"nn.Linear(2, 2)", []int64{2, 2}, 8, `KeyError: 'buffer name can\'t contain "."'`, "self.m.register_buffer('a.b', None)"},
		{"nn.Linear(2, 2)", []int64{2, 2}, 8, `KeyError: "attribute 'weight' already exists"`, "self.m.register_buffer('weight', None)"},
		{"nn.Linear(2, 2)", []int64{2, 2}, 8, "TypeError: cannot assign 'torch.FloatTensor' object to parameter 'p' (torch.nn.Parameter or None required)", "self.m.register_parameter('p', torch.zeros(2))"},
		{"nn.Bilinear(3, 4, 2)", []int64{2, 3}, 8, "RuntimeError: bilinear(): input2 size does not match weight size: got 5 but expected 4", "self.m(x, torch.rand(2, 5))"},
		{"nn.EmbeddingBag(10, 3)", []int64{2, 3, 4}, 8, "ValueError: input has to be 1D or 2D Tensor, but got Tensor of dimension 3", "self.m(x.long())"},
		{"nn.Linear(3, 2)", []int64{2}, 8, "RuntimeError: both arguments to matmul need to be at least 1D, but they are 0D and 2D", "self.m(x.sum())"},
		{"nn.RNNCell(4, 3)", []int64{2, 4}, 8, "RuntimeError: hidden0 has inconsistent hidden_size: got 2, expected 3", "self.m(x, torch.rand(2, 2))"},
		{"nn.RNNCell(4, 3)", []int64{2, 4}, 8, "RuntimeError: Input batch size 2 doesn't match hidden0 batch size 3", "self.m(x, torch.rand(3, 3))"},
		{"nn.LSTMCell(4, 3)", []int64{2, 4}, 8, "RuntimeError: hidden0 has inconsistent hidden_size: got 2, expected 3", "self.m(x, (torch.rand(2, 3), torch.rand(2, 2)))"},
		{"nn.GRUCell(4, 3)", []int64{2, 2, 4}, 8, "AssertionError: GRUCell: Expected input to be 1-D or 2-D but received 3-D tensor", ""},
		{"nn.Conv2d(2, 2, 3, padding=3, padding_mode='reflect')", []int64{1, 2, 3, 3}, 8, "RuntimeError: Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 3 of input 4", ""},
		{"nn.Dropout(1.5)", nil, 5, "ValueError: dropout probability has to be between 0 and 1, but got 1.5", ""},
	} {
		call := c.call
		if call == "" {
			call = "self.m(x)"
		}
		src := fmt.Sprintf(`import torch
import torch.nn as nn
class Net(nn.Module):
    def __init__(self):
        super().__init__(); self.m = %s

    def forward(self, x):
        return %s
model = Net()
`, c.ctor, call)
		in := c.input
		if in == nil {
			in = []int64{1}
		}
		_, err := Open("model.py", []byte(src), Options{InputSize: in})
		if err == nil {
			t.Errorf("%s on %v: no error; torch: %s", c.ctor, c.input, c.want)
			continue
		}
		msg := err.Error()
		pos := fmt.Sprintf("model.py:%d:", c.line)
		if c.line == 0 {
			pos = "torch/nn/modules/transformer.py:"
		}
		if !strings.Contains(msg, c.want) || !strings.HasPrefix(msg, pos) {
			t.Errorf("%s on %v:\n got %s\nwant model.py:%d: ... %s", c.ctor, c.input, msg, c.line, c.want)
		}
	}
}

// TestModulesNoPanic builds every torch.nn class netsum has with odd
// arguments and calls it on inputs of every rank: errors are fine, a Go
// panic is not.
func TestModulesNoPanic(t *testing.T) {
	var names []string
	for n := range nnClasses {
		names = append(names, n)
	}
	for n := range transformerClasses {
		names = append(names, n)
	}
	names = append(names, "AdaptiveLogSoftmaxWithLoss")
	sort.Strings(names)
	argSets := []string{"", "3", "3, 3", "3, 3, 3", "4, 2, 2", "0, 0, 0", "-1, 2, 3", "3, 6, (2, 2)", "'a', 'b'", "None, None", "2, 4, 2, 2, 2",
		"3, 3, padding='same'", "3, 6, 3, groups=3", "4, 2, kdim=3, vdim=5", "(2, 3), 3", "3, 3, bidirectional=True, proj_size=2", "[], []"}
	shapes := []string{"()", "(3,)", "(2, 3)", "(2, 3, 4)", "(2, 3, 4, 4)", "(1, 3, 2, 4, 4)", "(0, 3)", "(2, 4, 3, 3)", "(4, 2, 4)"}
	for _, n := range names {
		for _, a := range argSets {
			var calls strings.Builder
			for _, s := range shapes {
				fmt.Fprintf(&calls, "    try:\n        m(torch.rand%s)\n    except Exception:\n        pass\n", s)
				fmt.Fprintf(&calls, "    try:\n        m(torch.rand%s, torch.rand%s)\n    except Exception:\n        pass\n", s, s)
				fmt.Fprintf(&calls, "    try:\n        m(torch.rand%s, torch.rand%s, torch.rand%s)\n    except Exception:\n        pass\n", s, s, s)
			}
			src := fmt.Sprintf("import torch\nimport torch.nn as nn\ntry:\n    m = nn.%s(%s)\nexcept Exception:\n    m = None\nif m is not None:\n%sclass Net(nn.Module):\n    def forward(self, x):\n        return x\nmodel = Net()\n", n, a, calls.String())
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("nn.%s(%s): panic: %v", n, a, r)
					}
				}()
				if _, err := Open("model.py", []byte(src), Options{InputSize: []int64{1}}); err != nil && strings.Contains(err.Error(), "internal error") {
					t.Errorf("nn.%s(%s): %v", n, a, err)
				}
			}()
		}
	}
}
