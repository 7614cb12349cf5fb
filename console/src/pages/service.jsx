// One service's instances, polled every 2 s: health, weight, enabled,
// ephemeral, metadata; enable/disable and edit weight and metadata.
import { useState } from 'preact/hooks';
import { Dialog } from '../components/dialog.jsx';
import { Table } from '../components/table.jsx';
import { useAction, useLoad } from '../lib/hooks.js';
import { ops } from '../lib/ops.js';
import { href, page } from '../lib/router.js';

const LIVE_MS = 2000;

function Service({ ns, query }) {
  const key = { namespaceId: ns, groupName: query.group || 'DEFAULT_GROUP', serviceName: query.name };
  const [list, reload] = useLoad(() => ops().instances(key), [ns, query.group, query.name], LIVE_MS);
  const [act] = useAction(reload);
  const [editing, setEditing] = useState(null);
  // update sends the whole instance: the v3 update replaces what it is given.
  const update = (i, change) => act(() => ops().updateInstance({
    ...key, ip: i.ip, port: i.port, clusterName: i.clusterName, ephemeral: i.ephemeral,
    weight: i.weight, enabled: i.enabled, metadata: JSON.stringify(i.metadata || {}), ...change,
  }, i));
  const save = (v) => {
    let md;
    try {
      md = JSON.parse(v.metadata || '{}');
    } catch (e) {
      return act(() => Promise.reject(new Error('Metadata is not JSON: ' + e.message)));
    }
    return update(editing, { weight: v.weight, enabled: v.enabled, metadata: JSON.stringify(md) });
  };
  return (
    <section>
      <p class="crumbs"><a href={href('services')}>Services</a> / {key.groupName}</p>
      <h1>{query.name}</h1>
      <p class="muted">Instances, refreshed every {LIVE_MS / 1000} s.</p>
      <Table id="instances" rows={list} rowKey={(i) => `${i.clusterName}/${i.ip}:${i.port}`} empty="No instances." columns={[
        { title: 'Address', get: (i) => `${i.ip}:${i.port}` },
        { title: 'Cluster', get: (i) => i.clusterName },
        { title: 'Health', get: (i) => <span class={i.healthy ? 'ok' : 'bad'}>{i.healthy ? 'healthy' : 'unhealthy'}</span> },
        { title: 'Weight', get: (i) => i.weight },
        { title: 'Enabled', get: (i) => <span class={i.enabled ? 'ok' : 'bad'}>{i.enabled ? 'enabled' : 'disabled'}</span> },
        { title: 'Ephemeral', get: (i) => (i.ephemeral ? 'yes' : 'no') },
        { title: 'Metadata', get: (i) => <code class="md">{Object.entries(i.metadata || {}).map(([k, v]) => `${k}=${v}`).join(', ')}</code> },
        { title: '', get: (i) => (
          <span class="actions">
            <button type="button" class="toggle" onClick={() => update(i, { enabled: !i.enabled })}>{i.enabled ? 'Disable' : 'Enable'}</button>
            <button type="button" onClick={() => setEditing(i)}>Edit</button>
          </span>
        ) },
      ]} />
      {editing && (
        <Dialog
          title={`Edit ${editing.ip}:${editing.port}`}
          initial={{ weight: editing.weight, enabled: editing.enabled, metadata: JSON.stringify(editing.metadata || {}, null, 2) }}
          fields={[
            { name: 'weight', label: 'Weight', type: 'number', step: 'any' },
            { name: 'enabled', label: 'Enabled', type: 'checkbox' },
            { name: 'metadata', label: 'Metadata (JSON object)', type: 'textarea', rows: 8 },
          ]}
          onSubmit={save}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}

page({ path: 'service', title: 'Service', component: Service, nav: false });
