// A collapsible JSON viewer: objects and arrays fold, the first levels
// open; a folded object shows its "name" (or an endpoint assignment's
// "clusterName"). Large dumps stay readable and nothing is rendered until
// opened.
import { useState } from 'preact/hooks';

export function JsonTree({ value, name, depth = 0, open = 2 }) {
  const [shown, setShown] = useState(depth < open);
  if (value === null || typeof value !== 'object') {
    return (
      <div class="jt-leaf">
        {name !== undefined && <span class="jt-key">{name}: </span>}
        <span class={'jt-' + (value === null ? 'null' : typeof value)}>{JSON.stringify(value)}</span>
      </div>
    );
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  const [l, r] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return (
    <div class="jt-node">
      <button type="button" class="jt-toggle" onClick={() => setShown(!shown)} aria-expanded={shown}>
        {shown ? '▾' : '▸'}
      </button>
      {name !== undefined && <span class="jt-key">{name}: </span>}
      {shown ? (
        <>
          {l}
          <div class="jt-children">
            {entries.map(([k, v]) => <JsonTree key={k} name={k} value={v} depth={depth + 1} open={open} />)}
          </div>
          {r}
        </>
      ) : (
        <span class="jt-summary" onClick={() => setShown(true)}>
          {l} {entries.length} {entries.length === 1 ? 'item' : 'items'} {r}
          {typeof (value.name || value.clusterName) === 'string' && <span class="jt-name"> {value.name || value.clusterName}</span>}
        </span>
      )}
    </div>
  );
}
