package numfmt

import (
	"math"
	"testing"
)

func TestCommas(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{
		{0, "0"}, {7, "7"}, {999, "999"}, {1000, "1,000"}, {51264, "51,264"}, {154798, "154,798"},
		{1234567, "1,234,567"}, {-1, "-1"}, {-999, "-999"}, {-1234, "-1,234"}, {-123456, "-123,456"},
		{math.MaxInt64, "9,223,372,036,854,775,807"}, {math.MinInt64, "-9,223,372,036,854,775,808"},
	} {
		if got := Commas(c.n); got != c.want {
			t.Errorf("Commas(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestCommasFixed(t *testing.T) {
	for _, c := range []struct {
		x    float64
		prec int
		want string
	}{
		{0, 2, "0.00"}, {1.81e0, 2, "1.81"}, {1234.5, 2, "1,234.50"}, {3452.345, 2, "3,452.34"}, {1234567.891, 2, "1,234,567.89"},
		{-0.5, 2, "-0.50"}, {-1234.5, 2, "-1,234.50"}, {999.999, 2, "1,000.00"}, {12345, 0, "12,345"},
	} {
		if got := CommasFixed(c.x, c.prec); got != c.want {
			t.Errorf("CommasFixed(%v, %d) = %q, want %q", c.x, c.prec, got, c.want)
		}
	}
}
