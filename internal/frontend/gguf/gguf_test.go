package gguf

import (
	"bytes"
	"encoding/binary"
	"os"
	"strings"
	"testing"
)

type builder struct{ bytes.Buffer }

func (b *builder) le(v any)     { binary.Write(&b.Buffer, binary.LittleEndian, v) }
func (b *builder) str(s string) { b.le(uint64(len(s))); b.WriteString(s) }
func (b *builder) head(nt, nkv uint64) {
	b.WriteString("GGUF")
	b.le(uint32(3))
	b.le(nt)
	b.le(nkv)
}
func (b *builder) tensor(name string, dims []uint64, typ uint32, off uint64) {
	b.str(name)
	b.le(uint32(len(dims)))
	for _, d := range dims {
		b.le(d)
	}
	b.le(typ)
	b.le(off)
}
func (b *builder) pad(data int) []byte {
	for b.Len()%32 != 0 {
		b.WriteByte(0)
	}
	b.Write(make([]byte, data))
	return b.Bytes()
}

func TestTiny(t *testing.T) {
	b, err := os.ReadFile("../../../testdata/torch/tiny.gguf")
	if err != nil {
		t.Fatal(err)
	}
	h, err := Read(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if h.Version != 3 || len(h.Tensors) != 6 || h.Metadata["general.architecture"] != "llama" || h.DataOffset != 640 {
		t.Errorf("header %+v", h)
	}
	if s := h.Metadata["tokenizer.ggml.tokens"].(arrayInfo).String(); s != "[3 string]" {
		t.Errorf("tokens %s", s)
	}
}

func TestBad(t *testing.T) {
	cases := map[string]func(b *builder) []byte{
		"tensor count 4294967296 is absurd":            func(b *builder) []byte { b.head(1<<32, 0); return b.pad(0) },
		"metadata count 1152921504606846976 is absurd": func(b *builder) []byte { b.head(0, 1<<60); return b.pad(0) },
		"string of 1000000 bytes runs past": func(b *builder) []byte {
			b.head(0, 1)
			b.le(uint64(1000000))
			return b.pad(64)
		},
		"array of 1099511627776 items runs past": func(b *builder) []byte {
			b.head(0, 1)
			b.str("k")
			b.le(uint32(tArray))
			b.le(uint32(tUint32))
			b.le(uint64(1 << 40))
			return b.pad(0)
		},
		"arrays nested more than 8 deep": func(b *builder) []byte {
			b.head(0, 1)
			b.str("k")
			b.le(uint32(tArray))
			for range 10 {
				b.le(uint32(tArray))
				b.le(uint64(1))
			}
			return b.pad(64)
		},
		"runs past the end of the file (0 data bytes; truncated?)": func(b *builder) []byte {
			b.head(1, 0)
			b.tensor("w", []uint64{4}, 0, 0)
			return b.pad(0)
		},
		`tensors "a" and "b" overlap`: func(b *builder) []byte {
			b.head(2, 0)
			b.tensor("a", []uint64{16}, 0, 0)
			b.tensor("b", []uint64{16}, 0, 32)
			return b.pad(128)
		},
		"has ggml type 99, which netsum does not know": func(b *builder) []byte {
			b.head(1, 0)
			b.tensor("w", []uint64{4}, 99, 0)
			return b.pad(64)
		},
		"not a multiple of the alignment 32": func(b *builder) []byte {
			b.head(1, 0)
			b.tensor("w", []uint64{4}, 0, 4)
			return b.pad(64)
		},
		"not a multiple of the Q4_0 block size 32": func(b *builder) []byte {
			b.head(1, 0)
			b.tensor("w", []uint64{4}, 2, 0)
			return b.pad(64)
		},
		"dims overflow": func(b *builder) []byte {
			b.head(1, 0)
			b.tensor("w", []uint64{1 << 40, 1 << 40}, 0, 0)
			return b.pad(64)
		},
		"has 9 dims": func(b *builder) []byte {
			b.head(1, 0)
			b.tensor("w", []uint64{1, 1, 1, 1, 1, 1, 1, 1, 1}, 0, 0)
			return b.pad(64)
		},
		`tensor "w" appears twice`: func(b *builder) []byte {
			b.head(2, 0)
			b.tensor("w", []uint64{8}, 0, 0)
			b.tensor("w", []uint64{8}, 0, 32)
			return b.pad(64)
		},
		"unsupported GGUF version 7": func(b *builder) []byte {
			b.WriteString("GGUF")
			b.le(uint32(7))
			return b.pad(16)
		},
		"general.alignment must be a power of two": func(b *builder) []byte {
			b.head(0, 1)
			b.str("general.alignment")
			b.le(uint32(tUint32))
			b.le(uint32(48))
			return b.pad(0)
		},
	}
	for want, mk := range cases {
		data := mk(&builder{})
		_, err := Open(bytes.NewReader(data), int64(len(data)), Options{File: "bad.gguf"})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("got %v, want %q", err, want)
		}
	}
}
