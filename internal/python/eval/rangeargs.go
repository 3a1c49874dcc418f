package eval

// RangeBounds reads range()'s positional convention from one to three
// numbers: (stop), (start, stop) or (start, stop, step). It does not check
// the step. Any other count gives 0, 0, 1 and ok false.
func RangeBounds[T int64 | float64](xs []T) (start, stop, step T, ok bool) {
	start, stop, step = 0, 0, 1
	switch len(xs) {
	case 1:
		stop = xs[0]
	case 2:
		start, stop = xs[0], xs[1]
	case 3:
		start, stop, step = xs[0], xs[1], xs[2]
	default:
		return start, stop, step, false
	}
	return start, stop, step, true
}
