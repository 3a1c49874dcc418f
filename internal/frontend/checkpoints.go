package frontend

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/netsum/netsum/internal/ckptmodel"
	"github.com/netsum/netsum/internal/frontend/gguf"
	"github.com/netsum/netsum/internal/frontend/safetensors"
	"github.com/netsum/netsum/internal/frontend/torchckpt"
	"github.com/netsum/netsum/internal/graph"
)

// registerCheckpoints adds the weight-file formats: GGUF and safetensors
// by their headers, then PyTorch checkpoints (zip, legacy, tar, pickle).
// All read headers only, through Input.Content.
func registerCheckpoints() {
	Register(&Format{Name: "gguf", Match: gguf.Match, Open: openGGUF})
	Register(&Format{Name: "safetensors-index", Match: func(name string, _ []byte) bool { return safetensors.IsIndex(name) }, Open: openSafetensorsIndex})
	Register(&Format{Name: "safetensors", Match: safetensors.Match, Open: openSafetensors})
	Register(&Format{Name: "torch", Match: torchckpt.Match, Open: openTorch})
}

func openContent(in *Input, open func(r io.ReaderAt, size int64) (*graph.Model, error)) ([]*graph.Model, error) {
	r, size, release, err := in.Content()
	if err != nil {
		return nil, err
	}
	defer release()
	m, err := open(r, size)
	if err != nil {
		return nil, err
	}
	return []*graph.Model{m}, nil
}

func openGGUF(in *Input, opt Options) ([]*graph.Model, error) {
	return openContent(in, func(r io.ReaderAt, size int64) (*graph.Model, error) {
		return gguf.Open(r, size, gguf.Options{File: in.Name})
	})
}

func openSafetensors(in *Input, opt Options) ([]*graph.Model, error) {
	return openContent(in, func(r io.ReaderAt, size int64) (*graph.Model, error) {
		return safetensors.Open(r, size, safetensors.Options{File: in.Name})
	})
}

// openSafetensorsIndex reads a sharded checkpoint's index and the headers
// of the shards beside it (never from netsum serve: only the upload is read).
func openSafetensorsIndex(in *Input, opt Options) ([]*graph.Model, error) {
	if in.Path == "" || opt.NoFiles {
		return nil, fmt.Errorf("%s: a sharded safetensors index; its shards are read from the index's folder, so give the file or folder path on the command line", in.Name)
	}
	dir := filepath.Dir(in.Path)
	m, err := safetensors.OpenIndex(in.Data, in.Name, func(name string) (io.ReaderAt, int64, func(), error) {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return nil, 0, nil, err
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, 0, nil, err
		}
		return f, st.Size(), func() { f.Close() }, nil
	}, readTorchShard)
	if err != nil {
		return nil, err
	}
	return []*graph.Model{m}, nil
}

// readTorchShard reads the state_dict of one torch.save shard
// (pytorch_model-00001-of-00002.bin) for a sharded index.
func readTorchShard(r io.ReaderAt, size int64, name string) ([]ckptmodel.Tensor, []string, error) {
	sd, err := torchckpt.ReadStateDict(r, size, torchckpt.Options{File: name})
	if err != nil {
		return nil, nil, err
	}
	return sd.Tensors, nil, nil
}

func openTorch(in *Input, opt Options) ([]*graph.Model, error) {
	return openContent(in, func(r io.ReaderAt, size int64) (*graph.Model, error) {
		return torchckpt.Open(r, size, torchckpt.Options{File: in.Name})
	})
}
