// Shows a diff unified or side by side.
import { diffLines, DIFF_LIMIT } from './diff.js';

export function DiffView({ oldText, newText, mode = 'unified' }) {
  const lines = diffLines(oldText, newText);
  if (!lines) return <p class="empty">Too long to diff here (over {DIFF_LIMIT} lines).</p>;
  if (!lines.some((l) => l.op !== ' ')) return <p class="empty">The two versions are the same.</p>;
  return mode === 'split' ? <Split lines={lines} /> : <Unified lines={lines} />;
}

const cls = { ' ': 'same', '-': 'del', '+': 'add' };

function Unified({ lines }) {
  return (
    <table class="diff unified">
      <tbody>
        {lines.map((l, k) => (
          <tr key={k} class={cls[l.op]}>
            <td class="ln">{l.a || ''}</td>
            <td class="ln">{l.b || ''}</td>
            <td class="code">{l.op + ' ' + l.text}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

// Split pairs each run of deletions with the additions that follow it.
function Split({ lines }) {
  const rows = [];
  for (let k = 0; k < lines.length; ) {
    if (lines[k].op === ' ') {
      rows.push([lines[k], lines[k]]);
      k++;
      continue;
    }
    const dels = [];
    const adds = [];
    while (k < lines.length && lines[k].op === '-') dels.push(lines[k++]);
    while (k < lines.length && lines[k].op === '+') adds.push(lines[k++]);
    for (let x = 0; x < Math.max(dels.length, adds.length); x++) rows.push([dels[x], adds[x]]);
  }
  const side = (l, n) => [
    <td class="ln">{l ? l[n] : ''}</td>,
    <td class={'code ' + (l ? cls[l.op] : 'none')}>{l ? l.text : ''}</td>,
  ];
  return (
    <table class="diff split">
      <tbody>
        {rows.map(([l, r], k) => (
          <tr key={k}>{side(l, 'a')}{side(r, 'b')}</tr>
        ))}
      </tbody>
    </table>
  );
}
