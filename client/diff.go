package client

import (
	"fmt"
	"strings"
)

// maxDiffLines bounds the quadratic table of the line diff; bigger inputs
// are shown as a whole replacement.
const maxDiffLines = 4000

// UnifiedDiff answers the unified diff (3 lines of context) turning a into
// b, labelled from and to; "" when they are equal.
func UnifiedDiff(from, to, a, b string) string {
	if a == b {
		return ""
	}
	x, y := lines(a), lines(b)
	ops := diffOps(x, y)
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s\n", from, to)
	for _, h := range hunks(ops, 3) {
		writeHunk(&out, ops[h[0]:h[1]])
	}
	return out.String()
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	out := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	for i := range out {
		out[i] += "\n"
	}
	return out
}

// op is one line of the edit script: ' ', '-' or '+', and the line's
// numbers on either side (1-based, before the line).
type op struct {
	kind byte
	text string
	ax   int
	by   int
}

// diffOps is the edit script of a longest common subsequence.
func diffOps(x, y []string) []op {
	n, m := len(x), len(y)
	if n > maxDiffLines || m > maxDiffLines {
		return replaceAll(x, y)
	}
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var ops []op
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			ops = append(ops, op{' ', x[i], i, j})
			i, j = i+1, j+1
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', x[i], i, j}) // removals first, as diff -u
			i++
		default:
			ops = append(ops, op{'+', y[j], i, j})
			j++
		}
	}
	return ops
}

func replaceAll(x, y []string) []op {
	var ops []op
	for i, l := range x {
		ops = append(ops, op{'-', l, i, 0})
	}
	for j, l := range y {
		ops = append(ops, op{'+', l, len(x), j})
	}
	return ops
}

// hunks answers [start,end) ranges of ops: each change with ctx lines of
// context, ranges that touch merged.
func hunks(ops []op, ctx int) [][2]int {
	var out [][2]int
	for i, o := range ops {
		if o.kind == ' ' {
			continue
		}
		start, end := max(i-ctx, 0), min(i+ctx+1, len(ops))
		if n := len(out); n > 0 && start <= out[n-1][1] {
			out[n-1][1] = end
			continue
		}
		out = append(out, [2]int{start, end})
	}
	return out
}

func writeHunk(w *strings.Builder, ops []op) {
	a, b := 0, 0
	for _, o := range ops {
		if o.kind != '+' {
			a++
		}
		if o.kind != '-' {
			b++
		}
	}
	fmt.Fprintf(w, "@@ -%s +%s @@\n", hunkRange(ops[0].ax, a), hunkRange(ops[0].by, b))
	for _, o := range ops {
		w.WriteByte(o.kind)
		w.WriteString(o.text)
	}
}

// hunkRange is "start,count" as diff -u writes it: a range of no lines
// starts at the line before it.
func hunkRange(start, count int) string {
	if count == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	return fmt.Sprintf("%d,%d", start+1, count)
}
