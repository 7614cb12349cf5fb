// The gateways of the picked namespace's project: their listeners, create,
// edit listeners, delete (CSE /v2/{project}/enginemgr/gateways).
import { useState } from 'preact/hooks';
import { FormDialog } from '../components/form.jsx';
import { Table } from '../components/table.jsx';
import { cse, gatewayPath, gatewaysPath, projectOf } from '../lib/cse.js';
import { useAction, useLoad } from '../lib/hooks.js';
import { href, page } from '../lib/router.js';

const NEW_LISTENERS = [{ name: 'http', port: 8080, protocol: 'HTTP' }];

// gatewayFields edit a gateway: its id (fixed once created) and listeners.
export function gatewayFields(editing) {
  return [
    { name: 'id', label: 'Gateway id', readonly: editing, paths: ['id', 'gateway_id'],
      hint: 'Envoy names its gateway with the node metadata causeway.gateway_id.' },
    { name: 'listeners', label: 'Listeners', type: 'rows', blank: { name: '', port: '', protocol: 'HTTP' }, columns: [
      { name: 'name', label: 'Name' },
      { name: 'port', label: 'Port', type: 'number' },
      { name: 'protocol', label: 'Protocol', type: 'select', options: ['HTTP'] },
    ] },
  ];
}

// putGateway creates or replaces a gateway from the form's values.
export function putGateway(project, v) {
  if (!v.id) return Promise.reject(Object.assign(new Error('id: a gateway id is required'), { detail: 'id: a gateway id is required' }));
  return cse('PUT', gatewayPath(project, v.id), { listeners: v.listeners });
}

function Gateways({ ns }) {
  const project = projectOf(ns);
  const [list, reload] = useLoad(() => cse('GET', gatewaysPath(project)), [project]);
  const [act] = useAction(reload);
  const [editing, setEditing] = useState(null);
  const remove = (g) => confirm(`Delete gateway ${g.id} and its routes?`) &&
    act(() => cse('DELETE', gatewayPath(project, g.id)));
  return (
    <section>
      <h1>Gateways</h1>
      <p class="muted">Project <code>{project}</code>. A gateway is an Envoy fed over xDS: its listeners, routes, plugins and http2rpc mappings.</p>
      <div class="toolbar">
        <button type="button" id="gw-create" class="primary" onClick={() => setEditing({ id: '', listeners: NEW_LISTENERS, isNew: true })}>Create gateway</button>
      </div>
      <Table id="gateways" rows={list && list.data} rowKey={(g) => g.id} empty="No gateway yet." columns={[
        { title: 'Gateway', get: (g) => <a href={href('gateway', { id: g.id })}>{g.id}</a> },
        { title: 'Listeners', get: (g) => g.listeners.map((l) => `${l.name} ${l.protocol} :${l.port}`).join(', ') },
        { title: '', get: (g) => (
          <span class="actions">
            <button type="button" onClick={() => setEditing({ id: g.id, listeners: g.listeners })}>Edit listeners</button>
            <button type="button" class="danger" onClick={() => remove(g)}>Delete</button>
          </span>
        ) },
      ]} />
      {editing && (
        <FormDialog
          id="gw-form"
          title={editing.isNew ? 'Create gateway' : `Listeners of ${editing.id}`}
          initial={editing}
          fields={gatewayFields(!editing.isNew)}
          onSubmit={async (v) => { await putGateway(project, v); await reload(); }}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}

page({ path: 'gateways', title: 'Gateways', component: Gateways, order: 40 });
