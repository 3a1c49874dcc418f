package hdf5

import (
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
)

// dump writes a textual listing of every object, attribute and dataset:
// the format of the golden files in testdata.
func dump(w io.Writer, f *File) error {
	root, err := f.Root()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "superblock v%d\n", f.SuperblockVersion())
	return root.Walk(func(o *Object) error {
		k := o.Kind()
		switch k {
		case KindDataset:
			d, err := o.Dataset()
			if err != nil {
				return err
			}
			fmt.Fprintf(w, "D %s %v %s %s\n", o.Path(), d.Shape, d.Type.DType(), d.Layout)
		default:
			fmt.Fprintf(w, "%s %s\n", strings.ToUpper(k.String()[:1]), o.Path())
		}
		as, err := o.Attrs()
		if err != nil {
			return err
		}
		for _, a := range as {
			var v string
			switch {
			case a.Type.IsString() || a.Type.Class == ClassVarLen:
				ss, err := a.Strings()
				if err != nil {
					return err
				}
				for i, s := range ss {
					if len(s) > 60 {
						ss[i] = s[:60] + fmt.Sprintf("...(%d bytes)", len(s))
					}
				}
				v = fmt.Sprintf("%q", ss)
			case a.Type.Class == ClassInteger || a.Type.Class == ClassEnum || a.Type.Class == ClassFloat:
				fs, err := a.Floats()
				if err != nil {
					return err
				}
				v = fmt.Sprint(fs)
			default:
				v = "<" + a.Type.DType() + ">"
			}
			fmt.Fprintf(w, "  @%s %v %s = %s\n", a.Name, a.Dims, a.Type.DType(), v)
		}
		return nil
	})
}

func TestDumpEnv(t *testing.T) {
	p := os.Getenv("HDF5_DUMP")
	if p == "" {
		t.Skip("set HDF5_DUMP=file.h5")
	}
	fh, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	st, _ := fh.Stat()
	f, err := Open(fh, st.Size(), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if err := dump(os.Stdout, f); err != nil {
		t.Fatal(err)
	}
}
