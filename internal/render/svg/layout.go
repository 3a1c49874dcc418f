package svg

import (
	"context"
	"errors"
	"math"
	"sort"
)

// This file lays out a directed graph in layers, top to bottom (the
// Sugiyama method, as Graphviz's dot and dagre do it): break cycles, assign
// layers by longest path, add a dummy node wherever an edge crosses a
// layer, order each layer to reduce crossings (barycenter sweeps, keeping
// the best order found), then place nodes horizontally (weighted isotonic
// regression toward the neighbours' mean, which keeps long edges straight
// and never lets boxes overlap). Every step is linear or n log n in the
// size of the graph with dummies, times a fixed number of sweeps.

// lnode is a box to place; w and h are its size. The layout sets x, y (the
// top-left corner).
type lnode struct {
	w, h float64
	x, y float64
}

// ledge connects two nodes by index; the layout sets pts, the route from
// the bottom of From to the top of To (through the dummies' positions).
type ledge struct {
	From, To int
	// port is the index among the inbound edges of To, ordered by where
	// they come from; ports spread the arrow heads along To's top side.
	port, ports int
	pts         []point
	reversed    bool
}

type point struct{ X, Y float64 }

// Spacing of the layout, in px.
const (
	nodeGap  = 28 // between boxes in a layer
	dummyGap = 10 // beside an edge passing through a layer
	layerGap = 46 // between layers (room for the edge labels)
	dummyW   = 6
)

// errTooBig is returned for graphs whose dummy count explodes.
var errTooBig = errors.New("the graph is too large to draw")

// maxVertices bounds nodes plus dummies.
const maxVertices = 400_000

type vertex struct {
	node  int // index into nodes, or -1 for a dummy
	w, h  float64
	layer int
	pos   int // order within layer
	x     float64
	in    []int // neighbour vertices in the layer above
	out   []int // neighbour vertices in the layer below
}

// layout places nodes and routes edges. It returns the total width and
// height of the drawing.
func layout(ctx context.Context, nodes []lnode, edges []ledge) (width, height float64, err error) {
	n := len(nodes)
	if n == 0 {
		return 0, 0, nil
	}
	// 1. Break cycles: Kahn's algorithm in index order; when stuck, take the
	// lowest remaining node and reverse the edges into it from nodes not
	// yet placed.
	indeg := make([]int, n)
	outs := make([][]int, n) // edge indices by source
	for i, e := range edges {
		if e.From == e.To {
			continue
		}
		indeg[e.To]++
		outs[e.From] = append(outs[e.From], i)
	}
	done := make([]bool, n)
	rank := make([]int, n) // topological rank
	next := 0
	queue := &intHeap{}
	for i := 0; i < n; i++ {
		if indeg[i] == 0 {
			queue.push(i)
		}
	}
	lowest := 0
	for next < n {
		var v int
		if queue.len() > 0 {
			v = queue.pop()
		} else {
			for done[lowest] {
				lowest++
			}
			v = lowest
		}
		if done[v] {
			continue
		}
		done[v] = true
		rank[v] = next
		next++
		for _, ei := range outs[v] {
			t := edges[ei].To
			if done[t] {
				continue
			}
			indeg[t]--
			if indeg[t] == 0 {
				queue.push(t)
			}
		}
	}
	for i := range edges {
		e := &edges[i]
		if e.From != e.To && rank[e.From] > rank[e.To] {
			e.reversed = true
		}
	}
	// Forward adjacency (after reversal), edge indices.
	type fedge struct{ from, to, idx int }
	var fwd []fedge
	for i, e := range edges {
		if e.From == e.To {
			continue
		}
		f, t := e.From, e.To
		if e.reversed {
			f, t = t, f
		}
		fwd = append(fwd, fedge{f, t, i})
	}
	order := make([]int, n)
	for v, r := range rank {
		order[r] = v
	}
	preds := make([][]int, n)
	succs := make([][]int, n)
	for _, e := range fwd {
		preds[e.to] = append(preds[e.to], e.from)
		succs[e.from] = append(succs[e.from], e.to)
	}
	// 2. Layers: longest path from the sources, then each source moves down
	// to just above its first consumer (a second input, a constant).
	layer := make([]int, n)
	for _, v := range order {
		for _, p := range preds[v] {
			layer[v] = max(layer[v], layer[p]+1)
		}
	}
	for _, v := range order {
		if len(preds[v]) == 0 && len(succs[v]) > 0 {
			m := math.MaxInt
			for _, s := range succs[v] {
				m = min(m, layer[s])
			}
			layer[v] = m - 1
		}
	}
	nl := 0
	for _, l := range layer {
		nl = max(nl, l+1)
	}
	// 3. Vertices: nodes, then dummies along long edges.
	verts := make([]vertex, n, n+len(fwd))
	for i := range nodes {
		verts[i] = vertex{node: i, w: nodes[i].w, h: nodes[i].h, layer: layer[i]}
	}
	chains := make([][]int, len(edges)) // vertex path per edge, top to bottom
	for _, e := range fwd {
		path := []int{e.from}
		prev := e.from
		for l := layer[e.from] + 1; l < layer[e.to]; l++ {
			if len(verts) >= maxVertices {
				return 0, 0, errTooBig
			}
			verts = append(verts, vertex{node: -1, w: dummyW, layer: l})
			d := len(verts) - 1
			verts[prev].out = append(verts[prev].out, d)
			verts[d].in = append(verts[d].in, prev)
			path = append(path, d)
			prev = d
		}
		verts[prev].out = append(verts[prev].out, e.to)
		verts[e.to].in = append(verts[e.to].in, prev)
		chains[e.idx] = append(path, e.to)
	}
	layers := make([][]int, nl)
	// Initial order: depth-first from the sources in node order, so that a
	// chain stays in one column and branches sit side by side.
	seen := make([]bool, len(verts))
	var visit func(v int)
	stack := []int{}
	visit = func(root int) {
		stack = append(stack[:0], root)
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[v] {
				continue
			}
			seen[v] = true
			layers[verts[v].layer] = append(layers[verts[v].layer], v)
			for i := len(verts[v].out) - 1; i >= 0; i-- {
				if !seen[verts[v].out[i]] {
					stack = append(stack, verts[v].out[i])
				}
			}
		}
	}
	for _, v := range order {
		if len(preds[v]) == 0 {
			visit(v)
		}
	}
	for v := range verts {
		if !seen[v] {
			visit(v)
		}
	}
	setPos := func() {
		for _, l := range layers {
			for i, v := range l {
				verts[v].pos = i
			}
		}
	}
	setPos()
	// 4. Crossing reduction.
	if err := reduceCrossings(ctx, verts, layers); err != nil {
		return 0, 0, err
	}
	setPos()
	// 5. Horizontal placement.
	if err := place(ctx, verts, layers); err != nil {
		return 0, 0, err
	}
	// 6. Vertical placement: each layer as tall as its tallest box; boxes
	// centred in their layer.
	top := make([]float64, nl)
	bottom := make([]float64, nl)
	y := 0.0
	for l := range layers {
		h := 0.0
		for _, v := range layers[l] {
			h = max(h, verts[v].h)
		}
		h = math.Ceil(h)
		top[l], bottom[l] = y, y+h
		y += h + layerGap
	}
	height = y - layerGap
	minX := math.Inf(1)
	for _, v := range verts {
		minX = min(minX, v.x-v.w/2)
	}
	for v := range verts {
		verts[v].x -= minX
		width = max(width, verts[v].x+verts[v].w/2)
	}
	for i := range nodes {
		v := &verts[i]
		nodes[i].x = math.Round(v.x - v.w/2)
		nodes[i].y = math.Round((top[v.layer]+bottom[v.layer])/2 - v.h/2)
	}
	// 7. Routes, and the ports of each target ordered by where the edge
	// comes from.
	byTarget := make([][]int, n)
	for _, e := range fwd {
		byTarget[edges[e.idx].To] = append(byTarget[edges[e.idx].To], e.idx)
	}
	for i := range edges {
		e := &edges[i]
		path := chains[i]
		if path == nil { // self loop: a small hook on the right side
			nd := nodes[e.From]
			x, y := nd.x+nd.w, nd.y+nd.h/2
			e.pts = []point{{x, y - 8}, {x + 18, y - 8}, {x + 18, y + 8}, {x, y + 8}}
			continue
		}
		var pts []point
		for k, v := range path {
			vx := verts[v]
			switch {
			case k == 0:
				nd := nodes[v]
				pts = append(pts, point{nd.x + nd.w/2, nd.y + nd.h})
			case k == len(path)-1:
				nd := nodes[v]
				pts = append(pts, point{nd.x + nd.w/2, nd.y})
			default:
				pts = append(pts, point{vx.x, top[vx.layer]}, point{vx.x, bottom[vx.layer]})
			}
		}
		if e.reversed {
			for a, b := 0, len(pts)-1; a < b; a, b = a+1, b-1 {
				pts[a], pts[b] = pts[b], pts[a]
			}
		}
		e.pts = pts
	}
	for t, ins := range byTarget {
		var down []int // edges arriving at the top of t
		for _, ei := range ins {
			if !edges[ei].reversed {
				down = append(down, ei)
			}
		}
		sort.SliceStable(down, func(a, b int) bool {
			pa, pb := edges[down[a]].pts, edges[down[b]].pts
			return pa[len(pa)-2].X < pb[len(pb)-2].X
		})
		nd := nodes[t]
		for k, ei := range down {
			e := &edges[ei]
			e.port, e.ports = k, len(down)
			if len(down) > 1 {
				span := min(nd.w*0.6, float64(len(down)-1)*24)
				e.pts[len(e.pts)-1].X = math.Round(nd.x + nd.w/2 - span/2 + span*float64(k)/float64(len(down)-1))
			}
		}
	}
	return width, height, nil
}

// reduceCrossings reorders the layers by barycenter sweeps, down and up,
// keeping the order with the fewest crossings.
func reduceCrossings(ctx context.Context, verts []vertex, layers [][]int) error {
	best := crossings(verts, layers)
	if best == 0 {
		return nil
	}
	saved := cloneLayers(layers)
	bary := make([]float64, len(verts))
	sortLayer := func(l []int, nb func(v int) []int) {
		for _, v := range l {
			ns := nb(v)
			if len(ns) == 0 {
				bary[v] = float64(verts[v].pos)
				continue
			}
			s := 0.0
			for _, u := range ns {
				s += float64(verts[u].pos)
			}
			bary[v] = s / float64(len(ns))
		}
		sort.SliceStable(l, func(a, b int) bool { return bary[l[a]] < bary[l[b]] })
		for i, v := range l {
			verts[v].pos = i
		}
	}
	const sweeps = 12
	for it := 0; it < sweeps; it++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		if it%2 == 0 {
			for l := 1; l < len(layers); l++ {
				sortLayer(layers[l], func(v int) []int { return verts[v].in })
			}
		} else {
			for l := len(layers) - 2; l >= 0; l-- {
				sortLayer(layers[l], func(v int) []int { return verts[v].out })
			}
		}
		if c := crossings(verts, layers); c < best {
			best = c
			saved = cloneLayers(layers)
			if c == 0 {
				break
			}
		}
	}
	for i := range layers {
		copy(layers[i], saved[i])
		for j, v := range layers[i] {
			verts[v].pos = j
		}
	}
	return nil
}

func cloneLayers(ls [][]int) [][]int {
	out := make([][]int, len(ls))
	for i, l := range ls {
		out[i] = append([]int(nil), l...)
	}
	return out
}

// crossings counts edge crossings between adjacent layers (Barth, Jünger
// and Mutzel's accumulation by a Fenwick tree).
func crossings(verts []vertex, layers [][]int) int {
	total := 0
	var pairs [][2]int
	var tree []int
	for l := 0; l+1 < len(layers); l++ {
		pairs = pairs[:0]
		for _, v := range layers[l] {
			for _, u := range verts[v].out {
				pairs = append(pairs, [2]int{verts[v].pos, verts[u].pos})
			}
		}
		sort.Slice(pairs, func(a, b int) bool {
			if pairs[a][0] != pairs[b][0] {
				return pairs[a][0] < pairs[b][0]
			}
			return pairs[a][1] < pairs[b][1]
		})
		m := len(layers[l+1])
		tree = append(tree[:0], make([]int, m+1)...)
		for k, p := range pairs {
			// edges seen so far that end strictly right of p[1]
			le := 0
			for i := p[1] + 1; i > 0; i -= i & -i {
				le += tree[i]
			}
			total += k - le
			for i := p[1] + 1; i <= m; i += i & -i {
				tree[i]++
			}
		}
	}
	return total
}

// place assigns x (centres) by Brandes and Köpf's method, as dagre does
// it: in each of four directions (aligning to the neighbours above or
// below, packing to the left or right) each vertex joins the block of its
// median neighbour unless that crosses a long edge's inner segment, and
// blocks are packed as tightly as the separations allow; the four results
// are aligned and each vertex takes the mean of its two middle positions.
// A last pass per layer restores the separations the mean can break.
func place(ctx context.Context, verts []vertex, layers [][]int) error {
	gap := func(v int) float64 {
		if verts[v].node < 0 {
			return dummyGap
		}
		return nodeGap
	}
	sep := func(a, b int) float64 {
		return verts[a].w/2 + verts[b].w/2 + gap(a)/2 + gap(b)/2
	}
	conflicts := type1Conflicts(verts, layers)
	n := len(verts)
	var xss [4][]float64
	pos := make([]int, n)
	adj := make([][]int, len(layers))
	root := make([]int, n)
	align := make([]int, n)
	indeg := make([]int, n)
	succ := make([][]bedge, n)
	var ws, order []int
	for dir := 0; dir < 4; dir++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		up, right := dir < 2, dir%2 == 1
		// The layering as this direction sees it.
		for i := range layers {
			src := layers[i]
			if !up {
				src = layers[len(layers)-1-i]
			}
			l := append(adj[i][:0], src...)
			if right {
				for a, b := 0, len(l)-1; a < b; a, b = a+1, b-1 {
					l[a], l[b] = l[b], l[a]
				}
			}
			adj[i] = l
			for k, v := range l {
				pos[v] = k
			}
		}
		// Vertical alignment.
		for v := range root {
			root[v], align[v] = v, v
		}
		for _, l := range adj {
			prev := -1
			for _, v := range l {
				nb := verts[v].in
				if !up {
					nb = verts[v].out
				}
				if len(nb) == 0 {
					continue
				}
				ws = append(ws[:0], nb...)
				sort.Slice(ws, func(a, b int) bool { return pos[ws[a]] < pos[ws[b]] })
				for _, m := range [2]int{(len(ws) - 1) / 2, len(ws) / 2} {
					w := ws[m]
					if align[v] == v && align[w] == w && prev < pos[w] && !conflicts[pair(v, w)] {
						align[w] = v
						root[v] = root[w]
						align[v] = root[w]
						prev = pos[w]
					}
				}
			}
		}
		// Horizontal compaction over the graph of blocks: each block as far
		// left as the separations allow, then right toward its right-hand
		// neighbours where there is room.
		for v := range succ {
			succ[v] = succ[v][:0]
			indeg[v] = 0
		}
		for _, l := range adj {
			for k := 1; k < len(l); k++ {
				a, b := root[l[k-1]], root[l[k]]
				succ[a] = append(succ[a], bedge{b, sep(l[k-1], l[k])})
				indeg[b]++
			}
		}
		order = order[:0]
		for v := 0; v < n; v++ {
			if root[v] == v && indeg[v] == 0 {
				order = append(order, v)
			}
		}
		for i := 0; i < len(order); i++ {
			for _, e := range succ[order[i]] {
				indeg[e.to]--
				if indeg[e.to] == 0 {
					order = append(order, e.to)
				}
			}
		}
		xs := make([]float64, n)
		for _, b := range order {
			for _, e := range succ[b] {
				xs[e.to] = max(xs[e.to], xs[b]+e.w)
			}
		}
		for i := len(order) - 1; i >= 0; i-- {
			b := order[i]
			m := math.Inf(1)
			for _, e := range succ[b] {
				m = min(m, xs[e.to]-e.w)
			}
			if !math.IsInf(m, 1) {
				xs[b] = max(xs[b], m)
			}
		}
		for v := 0; v < n; v++ {
			xs[v] = xs[root[v]]
		}
		if right {
			for v := range xs {
				xs[v] = -xs[v]
			}
		}
		xss[dir] = xs
	}
	// Align the four to the narrowest one and balance.
	var lo, hi [4]float64
	best := 0
	for d := range xss {
		lo[d], hi[d] = math.Inf(1), math.Inf(-1)
		for v, x := range xss[d] {
			lo[d] = min(lo[d], x-verts[v].w/2)
			hi[d] = max(hi[d], x+verts[v].w/2)
		}
		if hi[d]-lo[d] < hi[best]-lo[best] {
			best = d
		}
	}
	for d := range xss {
		delta := lo[best] - lo[d]
		if d%2 == 1 {
			delta = hi[best] - hi[d]
		}
		for v := range xss[d] {
			xss[d][v] += delta
		}
	}
	var four [4]float64
	for v := range verts {
		for d := range xss {
			four[d] = xss[d][v]
		}
		sort.Float64s(four[:])
		verts[v].x = (four[1] + four[2]) / 2
	}
	var want, ones []float64
	for _, l := range layers {
		want, ones = want[:0], ones[:0]
		for _, v := range l {
			want = append(want, verts[v].x)
			ones = append(ones, 1)
		}
		xs := isotonic(want, ones, func(i int) float64 { return sep(l[i-1], l[i]) })
		for i, v := range l {
			verts[v].x = math.Round(xs[i])
		}
	}
	return nil
}

// bedge is an edge of the block graph: block to must sit at least w right
// of the block it leaves.
type bedge struct {
	to int
	w  float64
}

func pair(a, b int) [2]int {
	if a > b {
		a, b = b, a
	}
	return [2]int{a, b}
}

// type1Conflicts marks the segments touching a box that cross an inner
// segment (between two dummies): long edges stay straight and the shorter
// edges give way.
func type1Conflicts(verts []vertex, layers [][]int) map[[2]int]bool {
	conflicts := map[[2]int]bool{}
	for li := 1; li < len(layers); li++ {
		prevLen := len(layers[li-1])
		layer := layers[li]
		k0, scan := 0, 0
		for i, v := range layer {
			k1 := prevLen
			innerV := false
			if verts[v].node < 0 {
				for _, u := range verts[v].in {
					if verts[u].node < 0 {
						k1 = verts[u].pos
						innerV = true
						break
					}
				}
			}
			if !innerV && i != len(layer)-1 {
				continue
			}
			for _, sv := range layer[scan : i+1] {
				for _, u := range verts[sv].in {
					up := verts[u].pos
					if (up < k0 || k1 < up) && !(verts[u].node < 0 && verts[sv].node < 0) {
						conflicts[pair(u, sv)] = true
					}
				}
			}
			scan = i + 1
			k0 = k1
		}
	}
	return conflicts
}

// isotonic returns x minimising sum w[i]*(x[i]-d[i])^2 subject to
// x[i]-x[i-1] >= sep(i), by pooling adjacent violators on x[i] minus the
// cumulative separation.
func isotonic(d, w []float64, sep func(i int) float64) []float64 {
	n := len(d)
	off := make([]float64, n)
	for i := 1; i < n; i++ {
		off[i] = off[i-1] + sep(i)
	}
	type block struct {
		sum, wsum float64
		start     int
	}
	var blocks []block
	for i := 0; i < n; i++ {
		b := block{sum: w[i] * (d[i] - off[i]), wsum: w[i], start: i}
		for len(blocks) > 0 {
			p := blocks[len(blocks)-1]
			if p.sum/p.wsum <= b.sum/b.wsum {
				break
			}
			b = block{sum: p.sum + b.sum, wsum: p.wsum + b.wsum, start: p.start}
			blocks = blocks[:len(blocks)-1]
		}
		blocks = append(blocks, b)
	}
	x := make([]float64, n)
	for k, b := range blocks {
		end := n
		if k+1 < len(blocks) {
			end = blocks[k+1].start
		}
		m := b.sum / b.wsum
		for i := b.start; i < end; i++ {
			x[i] = m + off[i]
		}
	}
	return x
}

// intHeap is a min-heap of ints (Kahn's order by index).
type intHeap struct{ a []int }

func (h *intHeap) len() int { return len(h.a) }

func (h *intHeap) push(v int) {
	h.a = append(h.a, v)
	i := len(h.a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h.a[p] <= h.a[i] {
			break
		}
		h.a[p], h.a[i] = h.a[i], h.a[p]
		i = p
	}
}

func (h *intHeap) pop() int {
	top := h.a[0]
	last := len(h.a) - 1
	h.a[0] = h.a[last]
	h.a = h.a[:last]
	i := 0
	for {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(h.a) && h.a[l] < h.a[m] {
			m = l
		}
		if r < len(h.a) && h.a[r] < h.a[m] {
			m = r
		}
		if m == i {
			break
		}
		h.a[i], h.a[m] = h.a[m], h.a[i]
		i = m
	}
	return top
}
