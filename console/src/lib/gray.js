// Route rules (gray release) in words, for tables: one line a rule, the
// highest precedence first, "x-canary=true: 100% version=2.0.0" or
// "every request: 80% version=1.0.0, 20% version=2.0.0".

export function graySummary(rules) {
  return [...(rules || [])]
    .sort((a, b) => (b.precedence || 0) - (a.precedence || 0))
    .map((r) => `${matchOf(r.match)}: ${splitOf(r.route)}`);
}

function matchOf(m) {
  const headers = Object.entries((m && m.headers) || {});
  if (!headers.length) return 'every request';
  return headers.map(([name, cond]) => {
    const [op, v] = Object.entries(cond || {})[0] || ['exact', ''];
    return op === 'exact' ? `${name}=${v}` : `${name} ${op} ${v}`;
  }).join(' and ');
}

function splitOf(route) {
  const groups = route || [];
  return groups.map((g) => {
    const tags = Object.entries(g.tags || {}).map(([k, v]) => `${k}=${v}`).join(',');
    const weight = g.weight ?? (groups.length === 1 ? 100 : 0);
    return `${weight}% ${tags}`;
  }).join(', ');
}
