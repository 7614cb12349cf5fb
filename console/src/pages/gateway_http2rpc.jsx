// A gateway's http2rpc mappings: HTTP requests of one of its routes turned
// into Dubbo calls (docs/HTTP2RPC.md); create, edit, delete.
import { useState } from 'preact/hooks';
import { FormDialog } from '../components/form.jsx';
import { Table } from '../components/table.jsx';
import { cse } from '../lib/cse.js';
import { useAction, useLoad } from '../lib/hooks.js';

const EXAMPLE_METHODS = [{
  serviceMethod: 'sayHello', httpMethods: ['GET'], httpPath: '/users/hello', headersAttach: '',
  params: [{ paramKey: 'name', paramSource: 'QUERY', paramType: 'java.lang.String' }],
}];

const FIELDS = [
  { name: 'name', label: 'Name' },
  { name: 'routeName', label: 'Gateway route whose requests are mapped' },
  { name: 'service', label: 'Dubbo interface', paths: ['dubbo.service', 'dubbo'] },
  { name: 'version', label: 'Version', paths: ['dubbo.version'] },
  { name: 'group', label: 'Group', paths: ['dubbo.group'] },
  { name: 'routeDestinationName', label: 'Registry service of the providers (default providers:{interface}:{version}:{group})' },
  { name: 'methods', label: 'Methods (JSON array of {serviceMethod, httpMethods, httpPath, params, headersAttach})',
    type: 'json', rows: 12, paths: ['dubbo.methods'] },
];

function formOf(m) {
  return {
    name: m.name, routeName: m.routeName, routeDestinationName: m.routeDestinationName || '',
    service: m.dubbo.service, version: m.dubbo.version || '', group: m.dubbo.group || '',
    methods: JSON.stringify(m.dubbo.methods || [], null, 2),
  };
}

function bodyOf(v) {
  const body = {
    name: v.name, routeName: v.routeName,
    dubbo: { service: v.service, version: v.version, group: v.group, methods: v.methods || [] },
  };
  if (v.routeDestinationName) body.routeDestinationName = v.routeDestinationName;
  return body;
}

export function Http2Rpcs({ base }) {
  const [list, reload] = useLoad(() => cse('GET', base + '/http2Rpcs'), [base]);
  const [act] = useAction(reload);
  const [editing, setEditing] = useState(null);
  const path = (m) => `${base}/http2Rpcs/${encodeURIComponent(m.id)}`;
  const save = async (v) => {
    if (editing.id) await cse('PUT', path(editing), bodyOf(v));
    else await cse('POST', base + '/http2Rpcs', bodyOf(v));
    await reload();
  };
  return (
    <div>
      <div class="toolbar">
        <button type="button" id="rpc-create" class="primary" onClick={() => setEditing({
          name: '', routeName: '', service: '', version: '', group: '', methods: JSON.stringify(EXAMPLE_METHODS, null, 2),
        })}>Create mapping</button>
      </div>
      <Table id="http2rpcs" rows={list && list.data} rowKey={(m) => m.id} empty="No http2rpc mapping yet." columns={[
        { title: 'Name', get: (m) => m.name },
        { title: 'Route', get: (m) => m.routeName },
        { title: 'Dubbo service', get: (m) => [m.dubbo.service, m.dubbo.version, m.dubbo.group].filter(Boolean).join(' ') },
        { title: 'Methods', get: (m) => (
          <ul class="types">
            {(m.dubbo.methods || []).map((x) => (
              <li key={x.serviceMethod + x.httpPath}><code>{(x.httpMethods || []).join('|')} {x.httpPath}</code> → {x.serviceMethod}({(x.params || []).map((p) => p.paramType).join(', ')})</li>
            ))}
          </ul>
        ) },
        { title: '', get: (m) => (
          <span class="actions">
            <button type="button" onClick={() => setEditing({ id: m.id, ...formOf(m) })}>Edit</button>
            <button type="button" class="danger" onClick={() => confirm(`Delete mapping ${m.name}?`) && act(() => cse('DELETE', path(m)))}>Delete</button>
          </span>
        ) },
      ]} />
      {editing && (
        <FormDialog id="rpc-form" title={editing.id ? `Edit mapping ${editing.name}` : 'Create mapping'}
          initial={editing} fields={FIELDS} onSubmit={save} onClose={() => setEditing(null)} />
      )}
    </div>
  );
}
