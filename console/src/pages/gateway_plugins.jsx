// A gateway's WASM plugins in the order Envoy runs them (phase, then the
// higher priority first, then the older): reorder within a phase, create
// and edit with a config editor that shows the plugin's own refusal in
// place (the server runs the module's proxy_on_configure on every write),
// upload a .wasm module, disable and enable (a disabled plugin is kept but
// out of the chain), delete.
import { useState } from 'preact/hooks';
import { FormDialog } from '../components/form.jsx';
import { Table } from '../components/table.jsx';
import { cse, orderPlugins, PHASES, uploadModule } from '../lib/cse.js';
import { useAction, useLoad } from '../lib/hooks.js';

const PULL = ['IfNotPresent', 'Always', 'UNSPECIFIED_POLICY'];
const FAIL = ['FAIL_CLOSE', 'FAIL_OPEN'];

// upload sends the chosen file and points the form at the stored module.
async function upload(file, setField) {
  const m = await uploadModule(file);
  setField('url', m.url);
  setField('module', `uploaded ${file.name}, sha256 ${m.sha256}`);
}

const FIELDS = [
  { name: 'pluginName', label: 'Name' },
  { name: 'module', label: 'Upload a .wasm module (or give its URL below)', type: 'file', accept: '.wasm,application/wasm',
    paths: [], onFile: upload },
  { name: 'url', label: 'Module URL (http(s)://, oci:// or causeway://<sha256> of an upload)', paths: ['url', 'sha256'] },
  { name: 'phase', label: 'Phase', type: 'select', options: PHASES },
  { name: 'priority', label: 'Priority (higher runs first within the phase)', type: 'number' },
  { name: 'pluginConfig', label: 'Configuration (JSON object, handed to the plugin)', type: 'json', rows: 10 },
  { name: 'failStrategy', label: 'When the plugin cannot run', type: 'select', options: FAIL },
  { name: 'imagePullPolicy', label: 'Pull policy', type: 'select', options: PULL },
];

// inputOf answers the write body of a stored plugin, changed by change:
// a PUT replaces the whole plugin.
function inputOf(p, change = {}) {
  return {
    pluginName: p.pluginName, url: p.url, sha256: p.sha256, phase: p.phase, priority: p.priority,
    pluginConfig: p.pluginConfig, imagePullPolicy: p.imagePullPolicy, imagePullSecret: p.imagePullSecret,
    verificationKey: p.verificationKey, failStrategy: p.failStrategy, disabled: p.disabled, ...change,
  };
}

export function Plugins({ base }) {
  const [list, reload] = useLoad(() => cse('GET', base + '/plugins'), [base]);
  const [act] = useAction(reload);
  const [editing, setEditing] = useState(null);
  const ordered = list ? orderPlugins(list.data) : null;
  const running = (ordered || []).filter((p) => !p.disabled);
  const path = (p) => `${base}/plugins/${encodeURIComponent(p.id)}`;
  const save = async (v) => {
    const old = editing.id ? ordered.find((p) => p.id === editing.id) : null;
    const body = {
      pluginName: v.pluginName, url: v.url, phase: v.phase, priority: Number(v.priority) || 0,
      pluginConfig: v.pluginConfig || {}, failStrategy: v.failStrategy, imagePullPolicy: v.imagePullPolicy,
      disabled: old ? old.disabled : false,
    };
    // The stored module is reused when the URL did not change.
    if (old && old.url === v.url) Object.assign(body, { sha256: old.sha256, imagePullSecret: old.imagePullSecret, verificationKey: old.verificationKey });
    if (old) await cse('PUT', path(old), body);
    else await cse('POST', base + '/plugins', body);
    await reload();
  };
  // move swaps a plugin with its neighbour in the same phase by giving the
  // phase's plugins priorities that spell the new order.
  const move = (p, dir) => act(async () => {
    const phase = ordered.filter((x) => x.phase === p.phase);
    const i = phase.indexOf(p);
    const j = i + dir;
    if (j < 0 || j >= phase.length) return;
    [phase[i], phase[j]] = [phase[j], phase[i]];
    const top = phase.length - 1;
    for (const [k, x] of phase.entries()) {
      const want = (top - k) * 10;
      if (x.priority !== want) await cse('PUT', path(x), inputOf(x, { priority: want }));
    }
  });
  return (
    <div>
      <div class="toolbar">
        <button type="button" id="plugin-create" class="primary" onClick={() => setEditing({
          pluginName: '', url: '', phase: 'UNSPECIFIED_PHASE', priority: 0, pluginConfig: '{}', failStrategy: 'FAIL_CLOSE', imagePullPolicy: 'IfNotPresent',
        })}>Add plugin</button>
      </div>
      <p class="muted">In the order the gateway runs them on each request; a disabled plugin is kept but does not run.</p>
      <Table id="plugins" rows={ordered} rowKey={(p) => p.id} empty="No plugin yet." columns={[
        { title: '#', get: (p) => (p.disabled ? '' : running.indexOf(p) + 1) },
        { title: 'Name', get: (p) => <span class="plugin-name">{p.pluginName}</span> },
        { title: 'Phase', get: (p) => p.phase },
        { title: 'Priority', get: (p) => p.priority },
        { title: 'State', get: (p) => <span class={p.disabled ? 'bad' : 'ok'}>{p.disabled ? 'disabled' : 'enabled'}</span> },
        { title: 'Module', get: (p) => <code title={p.url}>{p.sha256.slice(0, 12)}</code> },
        { title: 'On failure', get: (p) => p.failStrategy },
        { title: 'Configuration', get: (p) => <code class="md">{JSON.stringify(p.pluginConfig)}</code> },
        { title: '', get: (p) => (
          <span class="actions">
            <button type="button" aria-label={`Run ${p.pluginName} earlier`} onClick={() => move(p, -1)}>↑</button>
            <button type="button" aria-label={`Run ${p.pluginName} later`} onClick={() => move(p, 1)}>↓</button>
            <button type="button" class="toggle" onClick={() => act(() => cse('PUT', path(p), inputOf(p, { disabled: !p.disabled })))}>{p.disabled ? 'Enable' : 'Disable'}</button>
            <button type="button" onClick={() => setEditing({ ...p, pluginConfig: JSON.stringify(p.pluginConfig, null, 2) })}>Edit</button>
            <button type="button" class="danger" onClick={() => confirm(`Delete plugin ${p.pluginName}?`) && act(() => cse('DELETE', path(p)))}>Delete</button>
          </span>
        ) },
      ]} />
      {editing && (
        <FormDialog id="plugin-form" title={editing.id ? `Edit plugin ${editing.pluginName}` : 'Add plugin'}
          initial={editing} fields={FIELDS} onSubmit={save} onClose={() => setEditing(null)} />
      )}
    </div>
  );
}
