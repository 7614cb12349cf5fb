// A line diff by longest common subsequence: enough for config files (the
// console caps it at a few thousand lines each side, beyond which it shows
// a notice instead of freezing the tab).
export const DIFF_LIMIT = 4000;

// diffLines answers [{op: ' ' | '-' | '+', a, b, text}] where a and b are
// 1-based line numbers in the old and new text (0 when absent).
export function diffLines(oldText, newText) {
  const a = (oldText || '').split('\n');
  const b = (newText || '').split('\n');
  if (a.length > DIFF_LIMIT || b.length > DIFF_LIMIT) return null;
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      out.push({ op: ' ', a: ++i, b: ++j, text: a[i - 1] });
    } else if (i < n && (j === m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      // Deletions first, so that a changed line reads old then new.
      out.push({ op: '-', a: ++i, b: 0, text: a[i - 1] });
    } else {
      out.push({ op: '+', a: 0, b: ++j, text: b[j - 1] });
    }
  }
  return out;
}
