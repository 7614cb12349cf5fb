package naming

import (
	"math"
	"testing"

	"github.com/causeway-dev/causeway/registry"
)

func TestPageBounds(t *testing.T) {
	const maxInt = math.MaxInt32
	for _, c := range []struct {
		total              int
		pageNo, pageSize   int32
		wantStart, wantEnd int
		fails              bool
	}{
		{10, 1, 3, 0, 3, false},
		{10, 4, 3, 9, 10, false},
		{10, 5, 3, 0, 0, false},       // past the end: empty
		{10, 0, 3, 0, 3, false},       // pageNo 0 reads as page 1
		{10, -100, 3, 0, 3, false},    // so does any below
		{10, 1, maxInt, 0, 10, false}, // Java 1.4's getServicesOfServer(1, MAX)
		{10, 2, maxInt, 0, 0, false},
		{10, 3, maxInt, 0, 10, false}, // (3-1)*MAX wraps to -2, read as 0
		{10, 1, 0, 0, 0, false},
		{0, 1, -5, 0, 0, false},             // an empty list never reaches subList
		{10, 1, -5, 0, 0, true},             // subList(0, -5)
		{10, 0, -1, 0, 0, true},             // subList(1, 0)
		{10, math.MinInt32, 1, 0, 0, false}, // MinInt32-1 wraps to MaxInt32: past the end
	} {
		start, end, err := PageBounds(c.total, c.pageNo, c.pageSize)
		if (err != nil) != c.fails || start != c.wantStart || end != c.wantEnd {
			t.Errorf("PageBounds(%d, %d, %d) = %d, %d, %v", c.total, c.pageNo, c.pageSize, start, end, err)
		}
		if err != nil && registry.KindOf(err) != registry.KindInvalid {
			t.Errorf("PageBounds(%d, %d, %d): error kind %v", c.total, c.pageNo, c.pageSize, registry.KindOf(err))
		}
	}
}

func TestJavaInt(t *testing.T) {
	for in, want := range map[string]int32{
		"7": 7, "\t7\t": 7, "+7": 7, "-7": -7, "007": 7, "2147483647": math.MaxInt32, "-2147483648": math.MinInt32,
		"2147483648": -1, "": -1, "x": -1, "7.0": -1, "1_000": -1, "0x10": -1, "+-7": -1,
	} {
		if got := JavaInt(in, -1); got != want {
			t.Errorf("JavaInt(%q) = %d, want %d", in, got, want)
		}
	}
}

// FuzzPageBounds: whatever a client sends, the page is a valid slice of the
// list or a KindInvalid refusal, never a panic.
func FuzzPageBounds(f *testing.F) {
	f.Add(10, "1", "2147483647")
	f.Add(3, "0", "-1")
	f.Add(0, "-2147483648", "2")
	f.Fuzz(func(t *testing.T, total int, pageNo, pageSize string) {
		if total < 0 || total > 1<<20 {
			return
		}
		start, end, err := PageBounds(total, JavaInt(pageNo, 0), JavaInt(pageSize, 0))
		if err != nil {
			if registry.KindOf(err) != registry.KindInvalid {
				t.Fatalf("error kind %v", registry.KindOf(err))
			}
			return
		}
		if start < 0 || start > end || end > total {
			t.Fatalf("[%d, %d) of %d", start, end, total)
		}
	})
}
