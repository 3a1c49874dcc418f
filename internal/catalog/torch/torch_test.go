package torch

import (
	"fmt"
	"strings"
	"testing"
)

// catalogCase is one torch.nn module: its normalized config, an input
// shape, and what torch 1.13 (Debian's python3-torch) reports for it: the
// output shape and the module's own parameters and buffers
// (named_parameters/named_buffers with recurse=False). The rows are
// printed by tools/oracle/torch/catalog/cases.py; each comment is the
// torch call that produced the row.
type catalogCase struct {
	class   string
	cfg     Config
	in, out []int64
	params  []string // name[shape]
	buffers []string // name[shape] dtype
}

var catalogCases = []catalogCase{
	// nn.Conv1d(in_channels=4, out_channels=8, kernel_size=(3,))(torch.rand(2, 4, 10)) -> [2, 8, 8]
	{"Conv1d", Config{"in_channels": int64(4), "out_channels": int64(8), "kernel_size": []int64{3}}, []int64{2, 4, 10}, []int64{2, 8, 8}, []string{"weight[8, 4, 3]", "bias[8]"}, []string{}},
	// nn.Conv1d(in_channels=4, out_channels=8, kernel_size=(5,), stride=(2,), padding=(2,), groups=2, bias=False)(torch.rand(2, 4, 11)) -> [2, 8, 6]
	{"Conv1d", Config{"in_channels": int64(4), "out_channels": int64(8), "kernel_size": []int64{5}, "stride": []int64{2}, "padding": []int64{2}, "groups": int64(2), "bias": false}, []int64{2, 4, 11}, []int64{2, 8, 6}, []string{"weight[8, 2, 5]"}, []string{}},
	// nn.Conv1d(in_channels=4, out_channels=4, kernel_size=(3,), dilation=(3,), padding='same')(torch.rand(4, 9)) -> [4, 9]
	{"Conv1d", Config{"in_channels": int64(4), "out_channels": int64(4), "kernel_size": []int64{3}, "dilation": []int64{3}, "padding": "same"}, []int64{4, 9}, []int64{4, 9}, []string{"weight[4, 4, 3]", "bias[4]"}, []string{}},
	// nn.Conv1d(in_channels=4, out_channels=4, kernel_size=(3,), padding='valid')(torch.rand(1, 4, 9)) -> [1, 4, 7]
	{"Conv1d", Config{"in_channels": int64(4), "out_channels": int64(4), "kernel_size": []int64{3}, "padding": "valid"}, []int64{1, 4, 9}, []int64{1, 4, 7}, []string{"weight[4, 4, 3]", "bias[4]"}, []string{}},
	// nn.Conv2d(in_channels=3, out_channels=16, kernel_size=(3, 3))(torch.rand(1, 3, 32, 32)) -> [1, 16, 30, 30]
	{"Conv2d", Config{"in_channels": int64(3), "out_channels": int64(16), "kernel_size": []int64{3, 3}}, []int64{1, 3, 32, 32}, []int64{1, 16, 30, 30}, []string{"weight[16, 3, 3, 3]", "bias[16]"}, []string{}},
	// nn.Conv2d(in_channels=6, out_channels=12, kernel_size=(3, 5), stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=3)(torch.rand(2, 6, 15, 17)) -> [2, 12, 8, 13]
	{"Conv2d", Config{"in_channels": int64(6), "out_channels": int64(12), "kernel_size": []int64{3, 5}, "stride": []int64{2, 1}, "padding": []int64{1, 2}, "dilation": []int64{1, 2}, "groups": int64(3)}, []int64{2, 6, 15, 17}, []int64{2, 12, 8, 13}, []string{"weight[12, 2, 3, 5]", "bias[12]"}, []string{}},
	// nn.Conv2d(in_channels=4, out_channels=4, kernel_size=(4, 4), padding='same', bias=False)(torch.rand(1, 4, 7, 8)) -> [1, 4, 7, 8]
	{"Conv2d", Config{"in_channels": int64(4), "out_channels": int64(4), "kernel_size": []int64{4, 4}, "padding": "same", "bias": false}, []int64{1, 4, 7, 8}, []int64{1, 4, 7, 8}, []string{"weight[4, 4, 4, 4]"}, []string{}},
	// nn.Conv2d(in_channels=2, out_channels=2, kernel_size=(3, 3), padding=(1, 1), padding_mode='circular')(torch.rand(1, 2, 5, 5)) -> [1, 2, 5, 5]
	{"Conv2d", Config{"in_channels": int64(2), "out_channels": int64(2), "kernel_size": []int64{3, 3}, "padding": []int64{1, 1}, "padding_mode": "circular"}, []int64{1, 2, 5, 5}, []int64{1, 2, 5, 5}, []string{"weight[2, 2, 3, 3]", "bias[2]"}, []string{}},
	// nn.Conv3d(in_channels=2, out_channels=4, kernel_size=(1, 3, 3), stride=(1, 2, 2), padding=(0, 1, 1))(torch.rand(1, 2, 4, 9, 9)) -> [1, 4, 4, 5, 5]
	{"Conv3d", Config{"in_channels": int64(2), "out_channels": int64(4), "kernel_size": []int64{1, 3, 3}, "stride": []int64{1, 2, 2}, "padding": []int64{0, 1, 1}}, []int64{1, 2, 4, 9, 9}, []int64{1, 4, 4, 5, 5}, []string{"weight[4, 2, 1, 3, 3]", "bias[4]"}, []string{}},
	// nn.Conv3d(in_channels=4, out_channels=8, kernel_size=(2, 2, 2), groups=4, bias=False)(torch.rand(4, 3, 3, 3)) -> [8, 2, 2, 2]
	{"Conv3d", Config{"in_channels": int64(4), "out_channels": int64(8), "kernel_size": []int64{2, 2, 2}, "groups": int64(4), "bias": false}, []int64{4, 3, 3, 3}, []int64{8, 2, 2, 2}, []string{"weight[8, 1, 2, 2, 2]"}, []string{}},
	// nn.ConvTranspose1d(in_channels=4, out_channels=2, kernel_size=(3,), stride=(2,), padding=(1,), output_padding=(1,))(torch.rand(1, 4, 5)) -> [1, 2, 10]
	{"ConvTranspose1d", Config{"in_channels": int64(4), "out_channels": int64(2), "kernel_size": []int64{3}, "stride": []int64{2}, "padding": []int64{1}, "output_padding": []int64{1}}, []int64{1, 4, 5}, []int64{1, 2, 10}, []string{"weight[4, 2, 3]", "bias[2]"}, []string{}},
	// nn.ConvTranspose2d(in_channels=4, out_channels=6, kernel_size=(3, 3), stride=(2, 2), groups=2, dilation=(2, 1))(torch.rand(1, 4, 5, 6)) -> [1, 6, 13, 13]
	{"ConvTranspose2d", Config{"in_channels": int64(4), "out_channels": int64(6), "kernel_size": []int64{3, 3}, "stride": []int64{2, 2}, "groups": int64(2), "dilation": []int64{2, 1}}, []int64{1, 4, 5, 6}, []int64{1, 6, 13, 13}, []string{"weight[4, 3, 3, 3]", "bias[6]"}, []string{}},
	// nn.ConvTranspose2d(in_channels=8, out_channels=4, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), bias=False)(torch.rand(8, 7, 7)) -> [4, 14, 14]
	{"ConvTranspose2d", Config{"in_channels": int64(8), "out_channels": int64(4), "kernel_size": []int64{4, 4}, "stride": []int64{2, 2}, "padding": []int64{1, 1}, "bias": false}, []int64{8, 7, 7}, []int64{4, 14, 14}, []string{"weight[8, 4, 4, 4]"}, []string{}},
	// nn.ConvTranspose3d(in_channels=2, out_channels=2, kernel_size=(2, 2, 2), stride=(2, 2, 2), output_padding=(1, 0, 1))(torch.rand(1, 2, 3, 3, 3)) -> [1, 2, 7, 6, 7]
	{"ConvTranspose3d", Config{"in_channels": int64(2), "out_channels": int64(2), "kernel_size": []int64{2, 2, 2}, "stride": []int64{2, 2, 2}, "output_padding": []int64{1, 0, 1}}, []int64{1, 2, 3, 3, 3}, []int64{1, 2, 7, 6, 7}, []string{"weight[2, 2, 2, 2, 2]", "bias[2]"}, []string{}},
	// nn.Linear(in_features=20, out_features=30)(torch.rand(4, 20)) -> [4, 30]
	{"Linear", Config{"in_features": int64(20), "out_features": int64(30)}, []int64{4, 20}, []int64{4, 30}, []string{"weight[30, 20]", "bias[30]"}, []string{}},
	// nn.Linear(in_features=20, out_features=30, bias=False)(torch.rand(2, 3, 20)) -> [2, 3, 30]
	{"Linear", Config{"in_features": int64(20), "out_features": int64(30), "bias": false}, []int64{2, 3, 20}, []int64{2, 3, 30}, []string{"weight[30, 20]"}, []string{}},
	// nn.Linear(in_features=5, out_features=1)(torch.rand(5,)) -> [1]
	{"Linear", Config{"in_features": int64(5), "out_features": int64(1)}, []int64{5}, []int64{1}, []string{"weight[1, 5]", "bias[1]"}, []string{}},
	// nn.Bilinear(in1_features=4, in2_features=6, out_features=3)(torch.rand(2, 4), torch.rand(2, 6)) -> [2, 3]
	{"Bilinear", Config{"in1_features": int64(4), "in2_features": int64(6), "out_features": int64(3)}, []int64{2, 4}, []int64{2, 3}, []string{"weight[3, 4, 6]", "bias[3]"}, []string{}},
	// nn.BatchNorm1d(num_features=10)(torch.rand(4, 10)) -> [4, 10]
	{"BatchNorm1d", Config{"num_features": int64(10)}, []int64{4, 10}, []int64{4, 10}, []string{"weight[10]", "bias[10]"}, []string{"running_mean[10] float32", "running_var[10] float32", "num_batches_tracked[] int64"}},
	// nn.BatchNorm1d(num_features=10, affine=False)(torch.rand(4, 10, 7)) -> [4, 10, 7]
	{"BatchNorm1d", Config{"num_features": int64(10), "affine": false}, []int64{4, 10, 7}, []int64{4, 10, 7}, []string{}, []string{"running_mean[10] float32", "running_var[10] float32", "num_batches_tracked[] int64"}},
	// nn.BatchNorm2d(num_features=8, track_running_stats=False)(torch.rand(2, 8, 4, 4)) -> [2, 8, 4, 4]
	{"BatchNorm2d", Config{"num_features": int64(8), "track_running_stats": false}, []int64{2, 8, 4, 4}, []int64{2, 8, 4, 4}, []string{"weight[8]", "bias[8]"}, []string{}},
	// nn.BatchNorm3d(num_features=3, affine=False, track_running_stats=False)(torch.rand(2, 3, 2, 2, 2)) -> [2, 3, 2, 2, 2]
	{"BatchNorm3d", Config{"num_features": int64(3), "affine": false, "track_running_stats": false}, []int64{2, 3, 2, 2, 2}, []int64{2, 3, 2, 2, 2}, []string{}, []string{}},
	// nn.LayerNorm(normalized_shape=(6,))(torch.rand(2, 5, 6)) -> [2, 5, 6]
	{"LayerNorm", Config{"normalized_shape": []int64{6}}, []int64{2, 5, 6}, []int64{2, 5, 6}, []string{"weight[6]", "bias[6]"}, []string{}},
	// nn.LayerNorm(normalized_shape=(5, 6), elementwise_affine=False)(torch.rand(2, 5, 6)) -> [2, 5, 6]
	{"LayerNorm", Config{"normalized_shape": []int64{5, 6}, "elementwise_affine": false}, []int64{2, 5, 6}, []int64{2, 5, 6}, []string{}, []string{}},
	// nn.GroupNorm(num_groups=2, num_channels=6)(torch.rand(2, 6, 3)) -> [2, 6, 3]
	{"GroupNorm", Config{"num_groups": int64(2), "num_channels": int64(6)}, []int64{2, 6, 3}, []int64{2, 6, 3}, []string{"weight[6]", "bias[6]"}, []string{}},
	// nn.GroupNorm(num_groups=3, num_channels=6, affine=False)(torch.rand(2, 6, 3, 3)) -> [2, 6, 3, 3]
	{"GroupNorm", Config{"num_groups": int64(3), "num_channels": int64(6), "affine": false}, []int64{2, 6, 3, 3}, []int64{2, 6, 3, 3}, []string{}, []string{}},
	// nn.InstanceNorm1d(num_features=4)(torch.rand(2, 4, 9)) -> [2, 4, 9]
	{"InstanceNorm1d", Config{"num_features": int64(4)}, []int64{2, 4, 9}, []int64{2, 4, 9}, []string{}, []string{}},
	// nn.InstanceNorm2d(num_features=4, affine=True, track_running_stats=True)(torch.rand(2, 4, 3, 3)) -> [2, 4, 3, 3]
	{"InstanceNorm2d", Config{"num_features": int64(4), "affine": true, "track_running_stats": true}, []int64{2, 4, 3, 3}, []int64{2, 4, 3, 3}, []string{"weight[4]", "bias[4]"}, []string{"running_mean[4] float32", "running_var[4] float32", "num_batches_tracked[] int64"}},
	// nn.InstanceNorm3d(num_features=2, affine=True)(torch.rand(1, 2, 3, 3, 3)) -> [1, 2, 3, 3, 3]
	{"InstanceNorm3d", Config{"num_features": int64(2), "affine": true}, []int64{1, 2, 3, 3, 3}, []int64{1, 2, 3, 3, 3}, []string{"weight[2]", "bias[2]"}, []string{}},
	// nn.InstanceNorm2d(num_features=4)(torch.rand(2, 6, 3, 3)) -> [2, 6, 3, 3]
	{"InstanceNorm2d", Config{"num_features": int64(4)}, []int64{2, 6, 3, 3}, []int64{2, 6, 3, 3}, []string{}, []string{}},
	// nn.SyncBatchNorm(num_features=4) (not called: GPU only) -> [2, 4, 3, 3]
	{"SyncBatchNorm", Config{"num_features": int64(4)}, []int64{2, 4, 3, 3}, []int64{2, 4, 3, 3}, []string{"weight[4]", "bias[4]"}, []string{"running_mean[4] float32", "running_var[4] float32", "num_batches_tracked[] int64"}},
	// nn.FractionalMaxPool2d(kernel_size=(2, 2), output_ratio=(0.5, 0.7))(torch.rand(1, 2, 9, 10)) -> [1, 2, 4, 7]
	{"FractionalMaxPool2d", Config{"kernel_size": []int64{2, 2}, "output_ratio": []any{0.5, 0.7}}, []int64{1, 2, 9, 10}, []int64{1, 2, 4, 7}, []string{}, []string{}},
	// nn.CrossMapLRN2d(size=3)(torch.rand(1, 4, 3, 3)) -> [1, 4, 3, 3]
	{"CrossMapLRN2d", Config{"size": int64(3)}, []int64{1, 4, 3, 3}, []int64{1, 4, 3, 3}, []string{}, []string{}},
	// nn.CrossEntropyLoss(reduction='none')(torch.rand(4, 5, 3), class indices) -> [4, 3]
	{"CrossEntropyLoss", Config{"reduction": "none"}, []int64{4, 5, 3}, []int64{4, 3}, []string{}, []string{}},
	// nn.MSELoss()(x, x) for x = torch.rand(4, 5) -> []
	{"MSELoss", Config{}, []int64{4, 5}, []int64{}, []string{}, []string{}},
	// nn.TripletMarginLoss(reduction='none')(x, x, x) for x = torch.rand(4, 5) -> [4]
	{"TripletMarginLoss", Config{"reduction": "none"}, []int64{4, 5}, []int64{4}, []string{}, []string{}},
	// nn.LocalResponseNorm(size=2)(torch.rand(1, 4, 3, 3)) -> [1, 4, 3, 3]
	{"LocalResponseNorm", Config{"size": int64(2)}, []int64{1, 4, 3, 3}, []int64{1, 4, 3, 3}, []string{}, []string{}},
	// nn.Embedding(num_embeddings=100, embedding_dim=16)(torch.randint(0, 4, (3, 7))) -> [3, 7, 16]
	{"Embedding", Config{"num_embeddings": int64(100), "embedding_dim": int64(16)}, []int64{3, 7}, []int64{3, 7, 16}, []string{"weight[100, 16]"}, []string{}},
	// nn.Embedding(num_embeddings=10, embedding_dim=4, padding_idx=0, max_norm=1.0)(torch.randint(0, 4, (5,))) -> [5, 4]
	{"Embedding", Config{"num_embeddings": int64(10), "embedding_dim": int64(4), "padding_idx": int64(0), "max_norm": 1.0}, []int64{5}, []int64{5, 4}, []string{"weight[10, 4]"}, []string{}},
	// nn.EmbeddingBag(num_embeddings=100, embedding_dim=16)(torch.randint(0, 4, (3, 7))) -> [3, 16]
	{"EmbeddingBag", Config{"num_embeddings": int64(100), "embedding_dim": int64(16)}, []int64{3, 7}, []int64{3, 16}, []string{"weight[100, 16]"}, []string{}},
	// nn.EmbeddingBag(num_embeddings=10, embedding_dim=4, mode='sum', include_last_offset=True)(torch.randint(0, 4, (8,)), torch.tensor([0, 2, 5])) -> [2, 4]
	{"EmbeddingBag", Config{"num_embeddings": int64(10), "embedding_dim": int64(4), "mode": "sum", "include_last_offset": true, "num_offsets": int64(3)}, []int64{8}, []int64{2, 4}, []string{"weight[10, 4]"}, []string{}},
	// nn.EmbeddingBag(num_embeddings=10, embedding_dim=4, mode='max')(torch.randint(0, 4, (8,)), torch.tensor([0, 2, 5])) -> [3, 4]
	{"EmbeddingBag", Config{"num_embeddings": int64(10), "embedding_dim": int64(4), "mode": "max", "num_offsets": int64(3)}, []int64{8}, []int64{3, 4}, []string{"weight[10, 4]"}, []string{}},
	// nn.RNN(input_size=10, hidden_size=20)(torch.rand(5, 3, 10)) -> [5, 3, 20]
	{"RNN", Config{"input_size": int64(10), "hidden_size": int64(20)}, []int64{5, 3, 10}, []int64{5, 3, 20}, []string{"weight_ih_l0[20, 10]", "weight_hh_l0[20, 20]", "bias_ih_l0[20]", "bias_hh_l0[20]"}, []string{}},
	// nn.RNN(input_size=10, hidden_size=20, num_layers=2, bias=False, bidirectional=True)(torch.rand(5, 10)) -> [5, 40]
	{"RNN", Config{"input_size": int64(10), "hidden_size": int64(20), "num_layers": int64(2), "bias": false, "bidirectional": true}, []int64{5, 10}, []int64{5, 40}, []string{"weight_ih_l0[20, 10]", "weight_hh_l0[20, 20]", "weight_ih_l0_reverse[20, 10]", "weight_hh_l0_reverse[20, 20]", "weight_ih_l1[20, 40]", "weight_hh_l1[20, 20]", "weight_ih_l1_reverse[20, 40]", "weight_hh_l1_reverse[20, 20]"}, []string{}},
	// nn.LSTM(input_size=10, hidden_size=20, num_layers=2)(torch.rand(5, 3, 10)) -> [5, 3, 20]
	{"LSTM", Config{"input_size": int64(10), "hidden_size": int64(20), "num_layers": int64(2)}, []int64{5, 3, 10}, []int64{5, 3, 20}, []string{"weight_ih_l0[80, 10]", "weight_hh_l0[80, 20]", "bias_ih_l0[80]", "bias_hh_l0[80]", "weight_ih_l1[80, 20]", "weight_hh_l1[80, 20]", "bias_ih_l1[80]", "bias_hh_l1[80]"}, []string{}},
	// nn.LSTM(input_size=10, hidden_size=20, proj_size=5, bidirectional=True, batch_first=True)(torch.rand(3, 5, 10)) -> [3, 5, 10]
	{"LSTM", Config{"input_size": int64(10), "hidden_size": int64(20), "proj_size": int64(5), "bidirectional": true, "batch_first": true}, []int64{3, 5, 10}, []int64{3, 5, 10}, []string{"weight_ih_l0[80, 10]", "weight_hh_l0[80, 5]", "bias_ih_l0[80]", "bias_hh_l0[80]", "weight_hr_l0[5, 20]", "weight_ih_l0_reverse[80, 10]", "weight_hh_l0_reverse[80, 5]", "bias_ih_l0_reverse[80]", "bias_hh_l0_reverse[80]", "weight_hr_l0_reverse[5, 20]"}, []string{}},
	// nn.LSTM(input_size=8, hidden_size=6, num_layers=3, proj_size=4, bidirectional=True)(torch.rand(4, 2, 8)) -> [4, 2, 8]
	{"LSTM", Config{"input_size": int64(8), "hidden_size": int64(6), "num_layers": int64(3), "proj_size": int64(4), "bidirectional": true}, []int64{4, 2, 8}, []int64{4, 2, 8}, []string{"weight_ih_l0[24, 8]", "weight_hh_l0[24, 4]", "bias_ih_l0[24]", "bias_hh_l0[24]", "weight_hr_l0[4, 6]", "weight_ih_l0_reverse[24, 8]", "weight_hh_l0_reverse[24, 4]", "bias_ih_l0_reverse[24]", "bias_hh_l0_reverse[24]", "weight_hr_l0_reverse[4, 6]", "weight_ih_l1[24, 8]", "weight_hh_l1[24, 4]", "bias_ih_l1[24]", "bias_hh_l1[24]", "weight_hr_l1[4, 6]", "weight_ih_l1_reverse[24, 8]", "weight_hh_l1_reverse[24, 4]", "bias_ih_l1_reverse[24]", "bias_hh_l1_reverse[24]", "weight_hr_l1_reverse[4, 6]", "weight_ih_l2[24, 8]", "weight_hh_l2[24, 4]", "bias_ih_l2[24]", "bias_hh_l2[24]", "weight_hr_l2[4, 6]", "weight_ih_l2_reverse[24, 8]", "weight_hh_l2_reverse[24, 4]", "bias_ih_l2_reverse[24]", "bias_hh_l2_reverse[24]", "weight_hr_l2_reverse[4, 6]"}, []string{}},
	// nn.GRU(input_size=10, hidden_size=20, num_layers=3, bidirectional=True, batch_first=True)(torch.rand(3, 5, 10)) -> [3, 5, 40]
	{"GRU", Config{"input_size": int64(10), "hidden_size": int64(20), "num_layers": int64(3), "bidirectional": true, "batch_first": true}, []int64{3, 5, 10}, []int64{3, 5, 40}, []string{"weight_ih_l0[60, 10]", "weight_hh_l0[60, 20]", "bias_ih_l0[60]", "bias_hh_l0[60]", "weight_ih_l0_reverse[60, 10]", "weight_hh_l0_reverse[60, 20]", "bias_ih_l0_reverse[60]", "bias_hh_l0_reverse[60]", "weight_ih_l1[60, 40]", "weight_hh_l1[60, 20]", "bias_ih_l1[60]", "bias_hh_l1[60]", "weight_ih_l1_reverse[60, 40]", "weight_hh_l1_reverse[60, 20]", "bias_ih_l1_reverse[60]", "bias_hh_l1_reverse[60]", "weight_ih_l2[60, 40]", "weight_hh_l2[60, 20]", "bias_ih_l2[60]", "bias_hh_l2[60]", "weight_ih_l2_reverse[60, 40]", "weight_hh_l2_reverse[60, 20]", "bias_ih_l2_reverse[60]", "bias_hh_l2_reverse[60]"}, []string{}},
	// nn.RNNCell(input_size=10, hidden_size=20)(torch.rand(3, 10)) -> [3, 20]
	{"RNNCell", Config{"input_size": int64(10), "hidden_size": int64(20)}, []int64{3, 10}, []int64{3, 20}, []string{"weight_ih[20, 10]", "weight_hh[20, 20]", "bias_ih[20]", "bias_hh[20]"}, []string{}},
	// nn.LSTMCell(input_size=10, hidden_size=20, bias=False)(torch.rand(10,)) -> [20]
	{"LSTMCell", Config{"input_size": int64(10), "hidden_size": int64(20), "bias": false}, []int64{10}, []int64{20}, []string{"weight_ih[80, 10]", "weight_hh[80, 20]"}, []string{}},
	// nn.GRUCell(input_size=10, hidden_size=20)(torch.rand(3, 10)) -> [3, 20]
	{"GRUCell", Config{"input_size": int64(10), "hidden_size": int64(20)}, []int64{3, 10}, []int64{3, 20}, []string{"weight_ih[60, 10]", "weight_hh[60, 20]", "bias_ih[60]", "bias_hh[60]"}, []string{}},
	// nn.MultiheadAttention(embed_dim=16, num_heads=4)(x, x, x) for x = torch.rand(5, 2, 16) -> [5, 2, 16]
	{"MultiheadAttention", Config{"embed_dim": int64(16), "num_heads": int64(4)}, []int64{5, 2, 16}, []int64{5, 2, 16}, []string{"in_proj_weight[48, 16]", "in_proj_bias[48]"}, []string{}},
	// nn.MultiheadAttention(embed_dim=16, num_heads=2, bias=False, add_bias_kv=True, batch_first=True)(x, x, x) for x = torch.rand(2, 5, 16) -> [2, 5, 16]
	{"MultiheadAttention", Config{"embed_dim": int64(16), "num_heads": int64(2), "bias": false, "add_bias_kv": true, "batch_first": true}, []int64{2, 5, 16}, []int64{2, 5, 16}, []string{"in_proj_weight[48, 16]", "bias_k[1, 1, 16]", "bias_v[1, 1, 16]"}, []string{}},
	// nn.MultiheadAttention(embed_dim=16, num_heads=4, kdim=16, vdim=16)(x, x, x) for x = torch.rand(5, 16) -> [5, 16]
	{"MultiheadAttention", Config{"embed_dim": int64(16), "num_heads": int64(4), "kdim": int64(16), "vdim": int64(16)}, []int64{5, 16}, []int64{5, 16}, []string{"in_proj_weight[48, 16]", "in_proj_bias[48]"}, []string{}},
	// nn.PReLU()(torch.rand(2, 3)) -> [2, 3]
	{"PReLU", Config{}, []int64{2, 3}, []int64{2, 3}, []string{"weight[1]"}, []string{}},
	// nn.PReLU(num_parameters=3)(torch.rand(2, 3, 4)) -> [2, 3, 4]
	{"PReLU", Config{"num_parameters": int64(3)}, []int64{2, 3, 4}, []int64{2, 3, 4}, []string{"weight[3]"}, []string{}},
	// nn.GLU()(torch.rand(2, 6)) -> [2, 3]
	{"GLU", Config{}, []int64{2, 6}, []int64{2, 3}, []string{}, []string{}},
	// nn.GLU(dim=1)(torch.rand(2, 6, 3)) -> [2, 3, 3]
	{"GLU", Config{"dim": int64(1)}, []int64{2, 6, 3}, []int64{2, 3, 3}, []string{}, []string{}},
	// nn.Softmax(dim=1)(torch.rand(2, 6)) -> [2, 6]
	{"Softmax", Config{"dim": int64(1)}, []int64{2, 6}, []int64{2, 6}, []string{}, []string{}},
	// nn.Softmax2d()(torch.rand(2, 3, 4, 4)) -> [2, 3, 4, 4]
	{"Softmax2d", Config{}, []int64{2, 3, 4, 4}, []int64{2, 3, 4, 4}, []string{}, []string{}},
	// nn.ReLU()(torch.rand(3, 4)) -> [3, 4]
	{"ReLU", Config{}, []int64{3, 4}, []int64{3, 4}, []string{}, []string{}},
	// nn.Dropout(p=0.5)(torch.rand(3, 4)) -> [3, 4]
	{"Dropout", Config{"p": 0.5}, []int64{3, 4}, []int64{3, 4}, []string{}, []string{}},
	// nn.Dropout2d()(torch.rand(2, 3, 4, 4)) -> [2, 3, 4, 4]
	{"Dropout2d", Config{}, []int64{2, 3, 4, 4}, []int64{2, 3, 4, 4}, []string{}, []string{}},
	// nn.Identity()(torch.rand(3, 4)) -> [3, 4]
	{"Identity", Config{}, []int64{3, 4}, []int64{3, 4}, []string{}, []string{}},
	// nn.MaxPool1d(kernel_size=3, stride=2, ceil_mode=True)(torch.rand(1, 2, 10)) -> [1, 2, 5]
	{"MaxPool1d", Config{"kernel_size": int64(3), "stride": int64(2), "ceil_mode": true}, []int64{1, 2, 10}, []int64{1, 2, 5}, []string{}, []string{}},
	// nn.MaxPool2d(kernel_size=3, stride=2, padding=1)(torch.rand(1, 3, 112, 112)) -> [1, 3, 56, 56]
	{"MaxPool2d", Config{"kernel_size": int64(3), "stride": int64(2), "padding": int64(1)}, []int64{1, 3, 112, 112}, []int64{1, 3, 56, 56}, []string{}, []string{}},
	// nn.MaxPool2d(kernel_size=(2, 3), stride=(2, 1), dilation=(1, 2))(torch.rand(1, 3, 9, 9)) -> [1, 3, 4, 5]
	{"MaxPool2d", Config{"kernel_size": []int64{2, 3}, "stride": []int64{2, 1}, "dilation": []int64{1, 2}}, []int64{1, 3, 9, 9}, []int64{1, 3, 4, 5}, []string{}, []string{}},
	// nn.MaxPool3d(kernel_size=2)(torch.rand(1, 1, 5, 5, 5)) -> [1, 1, 2, 2, 2]
	{"MaxPool3d", Config{"kernel_size": int64(2)}, []int64{1, 1, 5, 5, 5}, []int64{1, 1, 2, 2, 2}, []string{}, []string{}},
	// nn.AvgPool1d(kernel_size=4, stride=3, padding=2, ceil_mode=True)(torch.rand(1, 2, 10)) -> [1, 2, 4]
	{"AvgPool1d", Config{"kernel_size": int64(4), "stride": int64(3), "padding": int64(2), "ceil_mode": true}, []int64{1, 2, 10}, []int64{1, 2, 4}, []string{}, []string{}},
	// nn.AvgPool2d(kernel_size=2, ceil_mode=True)(torch.rand(1, 3, 7, 7)) -> [1, 3, 4, 4]
	{"AvgPool2d", Config{"kernel_size": int64(2), "ceil_mode": true}, []int64{1, 3, 7, 7}, []int64{1, 3, 4, 4}, []string{}, []string{}},
	// nn.AvgPool3d(kernel_size=(1, 2, 2))(torch.rand(1, 2, 3, 4, 5)) -> [1, 2, 3, 2, 2]
	{"AvgPool3d", Config{"kernel_size": []int64{1, 2, 2}}, []int64{1, 2, 3, 4, 5}, []int64{1, 2, 3, 2, 2}, []string{}, []string{}},
	// nn.LPPool1d(norm_type=2, kernel_size=3, stride=2)(torch.rand(1, 2, 10)) -> [1, 2, 4]
	{"LPPool1d", Config{"norm_type": int64(2), "kernel_size": int64(3), "stride": int64(2)}, []int64{1, 2, 10}, []int64{1, 2, 4}, []string{}, []string{}},
	// nn.LPPool2d(norm_type=1, kernel_size=(2, 3), ceil_mode=True)(torch.rand(1, 2, 7, 8)) -> [1, 2, 4, 3]
	{"LPPool2d", Config{"norm_type": int64(1), "kernel_size": []int64{2, 3}, "ceil_mode": true}, []int64{1, 2, 7, 8}, []int64{1, 2, 4, 3}, []string{}, []string{}},
	// nn.AdaptiveAvgPool1d(output_size=4)(torch.rand(1, 2, 10)) -> [1, 2, 4]
	{"AdaptiveAvgPool1d", Config{"output_size": int64(4)}, []int64{1, 2, 10}, []int64{1, 2, 4}, []string{}, []string{}},
	// nn.AdaptiveAvgPool2d(output_size=(3, None))(torch.rand(1, 2, 7, 8)) -> [1, 2, 3, 8]
	{"AdaptiveAvgPool2d", Config{"output_size": []any{int64(3), nil}}, []int64{1, 2, 7, 8}, []int64{1, 2, 3, 8}, []string{}, []string{}},
	// nn.AdaptiveMaxPool2d(output_size=1)(torch.rand(2, 7, 8)) -> [2, 1, 1]
	{"AdaptiveMaxPool2d", Config{"output_size": int64(1)}, []int64{2, 7, 8}, []int64{2, 1, 1}, []string{}, []string{}},
	// nn.AdaptiveMaxPool3d(output_size=(1, 2, 3))(torch.rand(1, 2, 7, 8, 9)) -> [1, 2, 1, 2, 3]
	{"AdaptiveMaxPool3d", Config{"output_size": []int64{1, 2, 3}}, []int64{1, 2, 7, 8, 9}, []int64{1, 2, 1, 2, 3}, []string{}, []string{}},
	// nn.MaxUnpool1d(kernel_size=2)(torch.rand(1, 2, 5), indices) -> [1, 2, 10]
	{"MaxUnpool1d", Config{"kernel_size": int64(2)}, []int64{1, 2, 5}, []int64{1, 2, 10}, []string{}, []string{}},
	// nn.MaxUnpool2d(kernel_size=3, stride=2, padding=1)(torch.rand(1, 2, 4, 4), indices) -> [1, 2, 7, 7]
	{"MaxUnpool2d", Config{"kernel_size": int64(3), "stride": int64(2), "padding": int64(1)}, []int64{1, 2, 4, 4}, []int64{1, 2, 7, 7}, []string{}, []string{}},
	// nn.MaxUnpool3d(kernel_size=2, stride=2)(torch.rand(1, 2, 2, 3, 2), indices) -> [1, 2, 4, 6, 4]
	{"MaxUnpool3d", Config{"kernel_size": int64(2), "stride": int64(2)}, []int64{1, 2, 2, 3, 2}, []int64{1, 2, 4, 6, 4}, []string{}, []string{}},
	// nn.Flatten()(torch.rand(2, 3, 4, 5)) -> [2, 60]
	{"Flatten", Config{}, []int64{2, 3, 4, 5}, []int64{2, 60}, []string{}, []string{}},
	// nn.Flatten(start_dim=0, end_dim=-2)(torch.rand(2, 3, 4, 5)) -> [24, 5]
	{"Flatten", Config{"start_dim": int64(0), "end_dim": int64(-2)}, []int64{2, 3, 4, 5}, []int64{24, 5}, []string{}, []string{}},
	// nn.Unfold(kernel_size=(2, 3), dilation=(1, 1), padding=(0, 0), stride=(1, 1))(torch.rand(2, 3, 6, 7)) -> [2, 18, 25]
	{"Unfold", Config{"kernel_size": []int64{2, 3}, "dilation": []int64{1, 1}, "padding": []int64{0, 0}, "stride": []int64{1, 1}}, []int64{2, 3, 6, 7}, []int64{2, 18, 25}, []string{}, []string{}},
	// nn.Unfold(kernel_size=(3, 3), dilation=(2, 2), padding=(1, 1), stride=(2, 2))(torch.rand(3, 9, 10)) -> [27, 16]
	{"Unfold", Config{"kernel_size": []int64{3, 3}, "dilation": []int64{2, 2}, "padding": []int64{1, 1}, "stride": []int64{2, 2}}, []int64{3, 9, 10}, []int64{27, 16}, []string{}, []string{}},
	// nn.Fold(output_size=(4, 5), kernel_size=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1))(torch.rand(1, 12, 12)) -> [1, 3, 4, 5]
	{"Fold", Config{"output_size": []int64{4, 5}, "kernel_size": []int64{2, 2}, "dilation": []int64{1, 1}, "padding": []int64{0, 0}, "stride": []int64{1, 1}}, []int64{1, 12, 12}, []int64{1, 3, 4, 5}, []string{}, []string{}},
	// nn.PixelShuffle(upscale_factor=3)(torch.rand(1, 18, 4, 5)) -> [1, 2, 12, 15]
	{"PixelShuffle", Config{"upscale_factor": int64(3)}, []int64{1, 18, 4, 5}, []int64{1, 2, 12, 15}, []string{}, []string{}},
	// nn.PixelUnshuffle(downscale_factor=2)(torch.rand(1, 3, 4, 6)) -> [1, 12, 2, 3]
	{"PixelUnshuffle", Config{"downscale_factor": int64(2)}, []int64{1, 3, 4, 6}, []int64{1, 12, 2, 3}, []string{}, []string{}},
	// nn.ChannelShuffle(groups=2)(torch.rand(1, 4, 3, 3)) -> [1, 4, 3, 3]
	{"ChannelShuffle", Config{"groups": int64(2)}, []int64{1, 4, 3, 3}, []int64{1, 4, 3, 3}, []string{}, []string{}},
	// nn.ZeroPad2d(padding=(1, 2, 3, 4))(torch.rand(1, 2, 5, 5)) -> [1, 2, 12, 8]
	{"ZeroPad2d", Config{"padding": []int64{1, 2, 3, 4}}, []int64{1, 2, 5, 5}, []int64{1, 2, 12, 8}, []string{}, []string{}},
	// nn.ConstantPad1d(padding=2, value=1.0)(torch.rand(2, 3)) -> [2, 7]
	{"ConstantPad1d", Config{"padding": int64(2), "value": 1.0}, []int64{2, 3}, []int64{2, 7}, []string{}, []string{}},
	// nn.ConstantPad3d(padding=(1, 0, 0, 1, 2, 2), value=0.0)(torch.rand(1, 1, 2, 2, 2)) -> [1, 1, 6, 3, 3]
	{"ConstantPad3d", Config{"padding": []int64{1, 0, 0, 1, 2, 2}, "value": 0.0}, []int64{1, 1, 2, 2, 2}, []int64{1, 1, 6, 3, 3}, []string{}, []string{}},
	// nn.ReflectionPad1d(padding=(3, 1))(torch.rand(1, 2, 5)) -> [1, 2, 9]
	{"ReflectionPad1d", Config{"padding": []int64{3, 1}}, []int64{1, 2, 5}, []int64{1, 2, 9}, []string{}, []string{}},
	// nn.ReflectionPad2d(padding=2)(torch.rand(1, 2, 5, 5)) -> [1, 2, 9, 9]
	{"ReflectionPad2d", Config{"padding": int64(2)}, []int64{1, 2, 5, 5}, []int64{1, 2, 9, 9}, []string{}, []string{}},
	// nn.ReflectionPad3d(padding=1)(torch.rand(1, 1, 3, 3, 3)) -> [1, 1, 5, 5, 5]
	{"ReflectionPad3d", Config{"padding": int64(1)}, []int64{1, 1, 3, 3, 3}, []int64{1, 1, 5, 5, 5}, []string{}, []string{}},
	// nn.ReplicationPad1d(padding=(0, 4))(torch.rand(1, 2, 5)) -> [1, 2, 9]
	{"ReplicationPad1d", Config{"padding": []int64{0, 4}}, []int64{1, 2, 5}, []int64{1, 2, 9}, []string{}, []string{}},
	// nn.ReplicationPad2d(padding=(1, 1, 2, 0))(torch.rand(1, 2, 5, 5)) -> [1, 2, 7, 7]
	{"ReplicationPad2d", Config{"padding": []int64{1, 1, 2, 0}}, []int64{1, 2, 5, 5}, []int64{1, 2, 7, 7}, []string{}, []string{}},
	// nn.ReplicationPad3d(padding=2)(torch.rand(1, 1, 3, 3, 3)) -> [1, 1, 7, 7, 7]
	{"ReplicationPad3d", Config{"padding": int64(2)}, []int64{1, 1, 3, 3, 3}, []int64{1, 1, 7, 7, 7}, []string{}, []string{}},
	// nn.CosineSimilarity(dim=1)(x, x) for x = torch.rand(4, 6) -> [4]
	{"CosineSimilarity", Config{"dim": int64(1)}, []int64{4, 6}, []int64{4}, []string{}, []string{}},
	// nn.CosineSimilarity(dim=0)(x, x) for x = torch.rand(4, 6, 2) -> [6, 2]
	{"CosineSimilarity", Config{"dim": int64(0)}, []int64{4, 6, 2}, []int64{6, 2}, []string{}, []string{}},
	// nn.PairwiseDistance()(x, x) for x = torch.rand(4, 6) -> [4]
	{"PairwiseDistance", Config{}, []int64{4, 6}, []int64{4}, []string{}, []string{}},
	// nn.PairwiseDistance(keepdim=True)(x, x) for x = torch.rand(4, 6) -> [4, 1]
	{"PairwiseDistance", Config{"keepdim": true}, []int64{4, 6}, []int64{4, 1}, []string{}, []string{}},
}

func dims(s []int64) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func TestCatalogAgainstTorch(t *testing.T) {
	defer func() { t.Logf("%d cases", len(catalogCases)) }()
	for _, c := range catalogCases {
		name := fmt.Sprintf("%s%v", c.class, c.in)
		spec := Lookup(c.class)
		if spec == nil {
			t.Errorf("%s: not catalogued", name)
			continue
		}
		var params, buffers []string
		if spec.Params != nil {
			ps, err := spec.Params(c.cfg)
			if err != nil {
				t.Errorf("%s: params: %v", name, err)
				continue
			}
			for _, p := range ps {
				if p.Buffer {
					dt := p.DType
					if dt == "" {
						dt = "float32"
					}
					buffers = append(buffers, p.Name+dims(p.Shape)+" "+dt)
				} else {
					params = append(params, p.Name+dims(p.Shape))
				}
			}
		}
		if got, want := strings.Join(params, "; "), strings.Join(c.params, "; "); got != want {
			t.Errorf("%s %v: params %s; torch %s", name, c.cfg, got, want)
		}
		if got, want := strings.Join(buffers, "; "), strings.Join(c.buffers, "; "); got != want {
			t.Errorf("%s %v: buffers %s; torch %s", name, c.cfg, got, want)
		}
		out := c.in
		if spec.Output != nil {
			var err error
			if out, err = spec.Output(c.cfg, c.in); err != nil {
				t.Errorf("%s %v: output: %v", name, c.cfg, err)
				continue
			}
		}
		if dims(out) != dims(c.out) {
			t.Errorf("%s %v: output %v; torch %v", name, c.cfg, out, c.out)
		}
	}
}

// TestCatalogErrors: inputs torch rejects, with torch 1.13's message
// (the torch call in each comment raised it).
func TestCatalogErrors(t *testing.T) {
	for _, c := range []struct {
		class string
		cfg   Config
		in    []int64
		want  string
	}{
		// nn.Conv2d(3, 8, 3)(torch.rand(1, 4, 8, 8))
		{"Conv2d", Config{"in_channels": int64(3), "out_channels": int64(8), "kernel_size": []int64{3, 3}}, []int64{1, 4, 8, 8},
			"Given groups=1, weight of size [8, 3, 3, 3], expected input[1, 4, 8, 8] to have 3 channels, but got 4 channels instead"},
		// nn.Conv2d(3, 8, 5)(torch.rand(1, 3, 3, 3))
		{"Conv2d", Config{"in_channels": int64(3), "out_channels": int64(8), "kernel_size": []int64{5, 5}}, []int64{1, 3, 3, 3},
			"Calculated padded input size per channel: (3 x 3). Kernel size: (5 x 5). Kernel size can't be greater than actual input size"},
		// nn.Conv1d(3, 8, 3)(torch.rand(1, 3, 8, 8))
		{"Conv1d", Config{"in_channels": int64(3), "out_channels": int64(8), "kernel_size": []int64{3}}, []int64{1, 3, 8, 8},
			"Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: [1, 3, 8, 8]"},
		// nn.Linear(10, 5)(torch.rand(2, 8))
		{"Linear", Config{"in_features": int64(10), "out_features": int64(5)}, []int64{2, 8}, "mat1 and mat2 shapes cannot be multiplied (2x8 and 10x5)"},
		// nn.LSTM(8, 6)(torch.rand(5, 2, 7))
		{"LSTM", Config{"input_size": int64(8), "hidden_size": int64(6)}, []int64{5, 2, 7}, "input.size(-1) must be equal to input_size. Expected 8, got 7"},
		// nn.MaxPool2d(3, padding=2)(torch.rand(1, 3, 8, 8))
		{"MaxPool2d", Config{"kernel_size": int64(3), "padding": int64(2)}, []int64{1, 3, 8, 8}, "pad should be at most half of kernel size, but got pad=2 and kernel_size=3"},
		// nn.MaxPool2d(5)(torch.rand(1, 3, 3, 3))
		{"MaxPool2d", Config{"kernel_size": int64(5)}, []int64{1, 3, 3, 3}, "Given input size: (3x3x3). Calculated output size: (3x0x0). Output size is too small"},
		// nn.AvgPool2d(2, stride=0)(torch.rand(1, 2, 4, 4))
		{"AvgPool2d", Config{"kernel_size": int64(2), "stride": int64(0)}, []int64{1, 2, 4, 4}, "stride should not be zero"},
		// nn.BatchNorm2d(4)(torch.rand(2, 4, 5))
		{"BatchNorm2d", Config{"num_features": int64(4)}, []int64{2, 4, 5}, "expected 4D input (got 3D input)"},
		// nn.BatchNorm2d(4)(torch.rand(2, 6, 5, 5))
		{"BatchNorm2d", Config{"num_features": int64(4)}, []int64{2, 6, 5, 5}, "running_mean should contain 6 elements not 4"},
		// nn.BatchNorm1d(4)(torch.rand(2, 4, 5, 5))
		{"BatchNorm1d", Config{"num_features": int64(4)}, []int64{2, 4, 5, 5}, "expected 2D or 3D input (got 4D input)"},
		// nn.InstanceNorm2d(4, affine=True)(torch.rand(2, 6, 3, 3))
		{"InstanceNorm2d", Config{"num_features": int64(4), "affine": true}, []int64{2, 6, 3, 3}, "weight should contain 12 elements not 8"},
		// nn.InstanceNorm2d(4, track_running_stats=True)(torch.rand(2, 6, 3, 3))
		{"InstanceNorm2d", Config{"num_features": int64(4), "track_running_stats": true}, []int64{2, 6, 3, 3}, "running_mean should contain 12 elements not 8"},
		// nn.InstanceNorm2d(4)(torch.rand(4, 5))
		{"InstanceNorm2d", Config{"num_features": int64(4)}, []int64{4, 5}, "expected 3D or 4D input (got 2D input)"},
		// nn.GroupNorm(3, 6)(torch.rand(2, 4, 3))
		{"GroupNorm", Config{"num_groups": int64(3), "num_channels": int64(6)}, []int64{2, 4, 3},
			"Expected number of channels in input to be divisible by num_groups, but got input of shape [2, 4, 3] and num_groups=3"},
		// nn.LayerNorm(5)(torch.rand(2, 4))
		{"LayerNorm", Config{"normalized_shape": []int64{5}}, []int64{2, 4}, "Given normalized_shape=[5], expected input with shape [*, 5], but got input of size[2, 4]"},
		// nn.PixelShuffle(2)(torch.rand(1, 5, 4, 4))
		{"PixelShuffle", Config{"upscale_factor": int64(2)}, []int64{1, 5, 4, 4},
			"pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=5 is not divisible by 4"},
		// nn.Flatten(3)(torch.rand(2, 3))
		{"Flatten", Config{"start_dim": int64(3)}, []int64{2, 3}, "Dimension out of range (expected to be in range of [-2, 1], but got 3)"},
		// nn.GLU()(torch.rand(2, 5))
		{"GLU", Config{}, []int64{2, 5}, "Halving dimension must be even, but dimension 1 is size 5"},
		// nn.ReflectionPad2d(3)(torch.rand(1, 2, 3, 3))
		{"ReflectionPad2d", Config{"padding": int64(3)}, []int64{1, 2, 3, 3},
			"Argument #4: Padding size should be less than the corresponding input dimension, but got: padding (3, 3) at dimension 3 of input 4"},
		// nn.ZeroPad2d((1, 2, 3))(torch.rand(1, 2, 3, 3))
		{"ZeroPad2d", Config{"padding": []int64{1, 2, 3}}, []int64{1, 2, 3, 3}, "Padding length must be divisible by 2"},
		// nn.AdaptiveAvgPool2d((2, 2, 2))(torch.rand(1, 2, 5, 5))
		{"AdaptiveAvgPool2d", Config{"output_size": []any{int64(2), int64(2), int64(2)}}, []int64{1, 2, 5, 5}, "adaptive_avg_pool2d: output_size must be 2"},
		// nn.Fold((4, 5), 2)(torch.rand(1, 12, 10))
		{"Fold", Config{"output_size": []int64{4, 5}, "kernel_size": []int64{2, 2}}, []int64{1, 12, 10},
			"Given output_size=(4, 5), kernel_size=(2, 2), dilation=(1, 1), padding=(0, 0), stride=(1, 1), expected size of input's dimension 2 to match the calculated number of sliding blocks 3 * 4 = 12, but got input.size(2)=10."},
		// nn.RNNCell(4, 3)(torch.rand(2, 5))
		{"RNNCell", Config{"input_size": int64(4), "hidden_size": int64(3)}, []int64{2, 5}, "input has inconsistent input_size: got 5 expected 4"},
		// nn.Softmax2d()(torch.rand(2, 3))
		{"Softmax2d", Config{}, []int64{2, 3}, "Softmax2d requires a 3D or 4D tensor as input"},
		// nn.PReLU(3)(torch.rand(2, 4, 5))
		{"PReLU", Config{"num_parameters": int64(3)}, []int64{2, 4, 5}, "Mismatch of parameter numbers and input channel size. Found parameter numbers = 3 and channel size = 4."},
	} {
		spec := Lookup(c.class)
		_, err := spec.Output(c.cfg, c.in)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s %v on %v: %v; torch: %s", c.class, c.cfg, c.in, err, c.want)
		}
	}
}

// TestParamErrors: constructor arguments torch rejects.
func TestParamErrors(t *testing.T) {
	for _, c := range []struct {
		class string
		cfg   Config
		want  string
	}{
		// nn.Conv2d(3, 8, 3, groups=2)
		{"Conv2d", Config{"in_channels": int64(3), "out_channels": int64(8), "kernel_size": []int64{3, 3}, "groups": int64(2)}, "in_channels must be divisible by groups"},
		// nn.Conv2d(4, 6, 3, groups=4)
		{"Conv2d", Config{"in_channels": int64(4), "out_channels": int64(6), "kernel_size": []int64{3, 3}, "groups": int64(4)}, "out_channels must be divisible by groups"},
		// nn.GroupNorm(4, 6)
		{"GroupNorm", Config{"num_groups": int64(4), "num_channels": int64(6)}, "num_channels must be divisible by num_groups"},
		// nn.MultiheadAttention(10, 3)
		{"MultiheadAttention", Config{"embed_dim": int64(10), "num_heads": int64(3)}, "embed_dim must be divisible by num_heads"},
	} {
		_, err := Lookup(c.class).Params(c.cfg)
		if err == nil || err.Error() != c.want {
			t.Errorf("%s %v: %v; torch: %s", c.class, c.cfg, err, c.want)
		}
	}
}

// TestParamFactors checks that every parameter and buffer with dims names
// the numbers behind each dim, and that each dim is their product.
func TestParamFactors(t *testing.T) {
	n := 0
	for _, c := range catalogCases {
		spec := Lookup(c.class)
		if spec == nil || spec.Params == nil {
			continue
		}
		ps, err := spec.Params(c.cfg)
		if err != nil {
			continue
		}
		for _, p := range ps {
			if len(p.Shape) == 0 {
				continue
			}
			n++
			if len(p.Factors) != len(p.Shape) {
				t.Errorf("%s %v: %s%v has %d factor dims", c.class, c.cfg, p.Name, p.Shape, len(p.Factors))
				continue
			}
			for i, fs := range p.Factors {
				v := int64(1)
				for _, f := range fs {
					if f.Name == "" {
						t.Errorf("%s: %s dim %d: unnamed factor", c.class, p.Name, i)
					}
					v *= f.Value
				}
				if len(fs) == 0 && p.Shape[i] != 1 {
					t.Errorf("%s: %s dim %d (%d) has no factors", c.class, p.Name, i, p.Shape[i])
				}
				if v != p.Shape[i] {
					t.Errorf("%s: %s dim %d: factors %v give %d, not %d", c.class, p.Name, i, fs, v, p.Shape[i])
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no parameters checked")
	}
}
