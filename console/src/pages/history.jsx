// A config's history: each record's content (for an update, the content
// before it, as Nacos records it), a diff between two records or one and
// the current content, and rollback to a record.
import { useState } from 'preact/hooks';
import { DiffView } from '../components/diffview.jsx';
import { Table } from '../components/table.jsx';
import { useAction, useLoad } from '../lib/hooks.js';
import { ops } from '../lib/ops.js';

const OPS = { I: 'created', U: 'updated', D: 'deleted' };
const CURRENT = 'current';

export function History({ cfgKey, current, version, onRollback }) {
  const [data] = useLoad(() => ops().history({ ...cfgKey, pageNo: 1, pageSize: 100 }),
    [cfgKey.namespaceId, cfgKey.groupName, cfgKey.dataId, version]);
  const [left, setLeft] = useState(null);
  const [right, setRight] = useState(CURRENT);
  const [mode, setMode] = useState('split');
  const [texts, setTexts] = useState(null);
  const [act] = useAction();
  const content = async (id) => (id === CURRENT ? current.content
    : (await ops().historyRecord({ ...cfgKey, nid: id })).content);
  const compare = () => act(async () => setTexts({ a: await content(left), b: await content(right), left, right }));
  const rollback = (id) => act(async () => {
    if (confirm(`Publish the content of record ${id} as the config?`)) await onRollback(await content(id));
  });
  const rows = data ? data.pageItems : null;
  const pick = (id, name, sel, setSel) => (
    <input type="radio" name={name} aria-label={`${name} ${id}`} checked={sel === id} onChange={() => setSel(id)} />
  );
  return (
    <section class="panel" id="history">
      <h2>History</h2>
      <p class="muted">As in Nacos, a record holds the content before the change it names (a creation, the content created).</p>
      <Table rows={rows} rowKey={(h) => h.id} empty="No history." columns={[
        { title: 'Old', get: (h) => pick(h.id, 'left', left, setLeft) },
        { title: 'New', get: (h) => pick(h.id, 'right', right, setRight) },
        { title: 'Record', get: (h) => h.id },
        { title: 'Change', get: (h) => OPS[h.opType] || h.opType },
        { title: 'When', get: (h) => new Date(h.modifyTime).toLocaleString() },
        { title: 'By', get: (h) => h.srcUser || '' },
        { title: 'MD5', get: (h) => <code>{(h.md5 || '').slice(0, 8)}</code> },
        { title: '', get: (h) => <button type="button" class="rollback" onClick={() => rollback(h.id)}>Roll back to this</button> },
      ]} />
      <div class="toolbar">
        <label class="check">{pick(CURRENT, 'right', right, setRight)} compare with the current content</label>
        <select value={mode} onChange={(e) => setMode(e.target.value)} aria-label="diff layout">
          <option value="split">side by side</option>
          <option value="unified">unified</option>
        </select>
        <button type="button" id="diff" disabled={!left || !right || left === right} onClick={compare}>Diff</button>
      </div>
      {texts && (
        <div id="diff-view">
          <p class="muted">Record {texts.left} → {texts.right === CURRENT ? 'current' : 'record ' + texts.right}</p>
          <DiffView oldText={texts.a} newText={texts.b} mode={mode} />
        </div>
      )}
    </section>
  );
}
