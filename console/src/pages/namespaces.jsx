// Namespaces: list, create, edit, delete (Nacos v3 core/namespace). A user
// who is not a global admin sees the namespaces it may read, and no writes.
import { useState } from 'preact/hooks';
import { Dialog } from '../components/dialog.jsx';
import { Table } from '../components/table.jsx';
import { api, V3 } from '../lib/api.js';
import { useAction, useLoad } from '../lib/hooks.js';
import { namespacesChanged } from '../lib/namespace.js';
import { can, ops } from '../lib/ops.js';
import { page } from '../lib/router.js';

const path = V3 + '/core/namespace';

function Namespaces() {
  const [list, reload] = useLoad(() => ops().namespaces(), []);
  const writable = can('namespaceWrite');
  const [act] = useAction(async () => {
    await reload();
    namespacesChanged();
  });
  const [editing, setEditing] = useState(null); // {} to create, a namespace to edit
  const save = (v) => act(() => api(editing.namespace !== undefined ? 'PUT' : 'POST', path, {
    namespaceId: v.namespaceId, namespaceName: v.namespaceName, namespaceDesc: v.namespaceDesc || '',
  }));
  const remove = (n) => confirm(`Delete namespace ${n.namespace}?`) &&
    act(() => api('DELETE', path, { namespaceId: n.namespace }));
  return (
    <section>
      <h1>Namespaces</h1>
      {writable && (
        <div class="toolbar">
          <button type="button" class="primary" id="ns-create" onClick={() => setEditing({})}>Create namespace</button>
        </div>
      )}
      <Table id="namespaces" rows={list} rowKey={(n) => n.namespace} columns={[
        { title: 'ID', get: (n) => n.namespace || 'public' },
        { title: 'Name', get: (n) => n.namespaceShowName },
        { title: 'Description', get: (n) => n.namespaceDesc },
        { title: 'Configs', get: (n) => n.configCount },
        { title: 'Quota', get: (n) => n.quota },
        { title: '', get: (n) => n.type === 0 ? <em>built in</em> : writable && (
          <span class="actions">
            <button type="button" onClick={() => setEditing(n)}>Edit</button>
            <button type="button" class="danger" onClick={() => remove(n)}>Delete</button>
          </span>
        ) },
      ]} />
      {editing && (
        <Dialog
          title={editing.namespace !== undefined ? 'Edit namespace' : 'Create namespace'}
          initial={{ namespaceId: editing.namespace || '', namespaceName: editing.namespaceShowName || '', namespaceDesc: editing.namespaceDesc || '' }}
          fields={[
            { name: 'namespaceId', label: 'ID (empty: generated)', readonly: editing.namespace !== undefined },
            { name: 'namespaceName', label: 'Name' },
            { name: 'namespaceDesc', label: 'Description', type: 'textarea', rows: 3 },
          ]}
          onSubmit={save}
          onClose={() => setEditing(null)}
        />
      )}
    </section>
  );
}

page({ path: 'namespaces', title: 'Namespaces', component: Namespaces, order: 10 });
