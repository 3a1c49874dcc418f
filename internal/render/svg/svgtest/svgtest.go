// Package svgtest reads back the diagrams internal/render/svg writes, for
// tests: every box in absolute coordinates, the edge count, and the boxes
// that overlap.
package svgtest

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// Box is a node or group rectangle in absolute coordinates.
type Box struct{ X, Y, W, H float64 }

// Parse returns the boxes by data-path (a nested layer is "group/layer")
// and the number of edges, walking the translate()s of the groups.
func Parse(b []byte) (boxes map[string]Box, edges int, err error) {
	boxes = map[string]Box{}
	dec := xml.NewDecoder(bytes.NewReader(b))
	type frame struct {
		dx, dy float64
		node   string
	}
	stack := []frame{{}}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return boxes, edges, nil
		}
		if err != nil {
			return nil, 0, fmt.Errorf("not well-formed XML: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			f := stack[len(stack)-1]
			f.node = ""
			cls, name := "", ""
			for _, a := range el.Attr {
				switch a.Name.Local {
				case "transform":
					var dx, dy float64
					fmt.Sscanf(a.Value, "translate(%g,%g)", &dx, &dy)
					f.dx += dx
					f.dy += dy
				case "class":
					cls = a.Value
				case "data-path":
					name = a.Value
				}
			}
			if cls == "node" || cls == "group" {
				f.node = name
			}
			if cls == "edge" {
				edges++
			}
			parent := stack[len(stack)-1]
			if el.Name.Local == "rect" && parent.node != "" {
				if _, ok := boxes[parent.node]; !ok {
					var r Box
					for _, a := range el.Attr {
						var v float64
						fmt.Sscanf(a.Value, "%g", &v)
						switch a.Name.Local {
						case "x":
							r.X = v
						case "y":
							r.Y = v
						case "width":
							r.W = v
						case "height":
							r.H = v
						}
					}
					r.X += f.dx
					r.Y += f.dy
					boxes[parent.node] = r
				}
			}
			if f.node == "" {
				f.node = parent.node
				if cls == "group-body" {
					f.node = ""
				}
			}
			stack = append(stack, f)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
}

// Overlap returns the first two boxes, not nested in one another, that
// overlap, or "" when none do.
func Overlap(boxes map[string]Box) string {
	names := make([]string, 0, len(boxes))
	for n := range boxes {
		names = append(names, n)
	}
	for i, a := range names {
		for _, b := range names[i+1:] {
			if strings.HasPrefix(a, b+"/") || strings.HasPrefix(b, a+"/") {
				continue
			}
			ra, rb := boxes[a], boxes[b]
			if ra.X < rb.X+rb.W && rb.X < ra.X+ra.W && ra.Y < rb.Y+rb.H && rb.Y < ra.Y+ra.H {
				return fmt.Sprintf("%s %v and %s %v", a, ra, b, rb)
			}
		}
	}
	return ""
}
