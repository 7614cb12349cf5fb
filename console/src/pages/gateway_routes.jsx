// A gateway's routes: match (path, methods, headers), destination service,
// timeout, rewrite; create, edit, delete. Gray release by header or weight
// is the destination service's route rules (governance), linked per route.
import { useState } from 'preact/hooks';
import { FormDialog } from '../components/form.jsx';
import { Table } from '../components/table.jsx';
import { cse, routeRulePath, splitList } from '../lib/cse.js';
import { graySummary } from '../lib/gray.js';
import { useAction, useLoad } from '../lib/hooks.js';
import { href } from '../lib/router.js';

const FIELDS = [
  { name: 'name', label: 'Name' },
  { name: 'domains', label: 'Domains (comma separated)', hint: '* takes every host.' },
  { name: 'pathType', label: 'Path match', type: 'select', options: ['prefix', 'exact', 'regex'], paths: ['match.path.type'] },
  { name: 'pathValue', label: 'Path', paths: ['match.path', 'match.path.value', 'match'] },
  { name: 'methods', label: 'Methods (comma separated, none: any)', paths: ['match.methods'] },
  { name: 'headers', label: 'Header conditions (JSON array of {name, exact|prefix|regex})', type: 'json', rows: 3, paths: ['match.headers'] },
  { name: 'service', label: 'Destination service', paths: ['destination.service', 'destination'] },
  { name: 'group', label: 'Group', paths: ['destination.group'] },
  { name: 'namespace', label: 'Namespace', paths: ['destination.namespace'] },
  { name: 'port', label: 'Port (0: the instances\u2019 lowest)', type: 'number', paths: ['destination.port'] },
  { name: 'timeout', label: 'Timeout (e.g. 15s, 500ms)' },
  { name: 'rewrite', label: 'Rewrite the matched prefix to', paths: ['rewrite'] },
];

// formOf answers a route as the form's values.
function formOf(r) {
  const m = r.match || {};
  const d = r.destination || {};
  return {
    name: r.name, domains: (r.domains || ['*']).join(', '),
    pathType: (m.path && m.path.type) || 'prefix', pathValue: (m.path && m.path.value) || '/',
    methods: (m.methods || []).join(', '), headers: m.headers && m.headers.length ? JSON.stringify(m.headers) : '',
    service: d.service || '', group: d.group || '', namespace: d.namespace || '', port: d.port || 0,
    timeout: r.timeout || '', rewrite: (r.rewrite && r.rewrite.prefix) || '',
  };
}

// bodyOf answers the API body of the form's values.
function bodyOf(v) {
  const body = {
    name: v.name, domains: splitList(v.domains),
    match: { path: { type: v.pathType, value: v.pathValue } },
    destination: { service: v.service, group: v.group, namespace: v.namespace, port: Number(v.port) || 0 },
  };
  const methods = splitList(v.methods);
  if (methods.length) body.match.methods = methods;
  if (v.headers) body.match.headers = v.headers;
  if (v.timeout) body.timeout = v.timeout;
  if (v.rewrite) body.rewrite = { prefix: v.rewrite };
  return body;
}

const describeHeaders = (hs) => (hs || []).map((h) =>
  `${h.name}${h.exact !== undefined ? '=' + h.exact : h.prefix !== undefined ? '^=' + h.prefix : '~' + h.regex}`).join(', ');

// rulesOf answers the route rules of each service, [] for one without.
async function rulesOf(project, services) {
  const out = {};
  await Promise.all(services.map(async (s) => {
    try {
      out[s] = (await cse('GET', routeRulePath(project, s))).result || [];
    } catch (e) {
      if (e.status !== 404) throw e;
      out[s] = [];
    }
  }));
  return out;
}

export function Routes({ project, base }) {
  const [list, reload] = useLoad(() => cse('GET', base + '/routes'), [base]);
  // The gray release of each destination service (its route rules).
  const services = [...new Set(((list && list.data) || []).map((r) => r.destination.service).filter(Boolean))].sort();
  const [gray] = useLoad(() => rulesOf(project, services), [project, services.join(',')]);
  const [act] = useAction(reload);
  const [editing, setEditing] = useState(null);
  const save = async (v) => {
    const body = bodyOf(v);
    if (editing.id) await cse('PUT', `${base}/routes/${encodeURIComponent(editing.id)}`, body);
    else await cse('POST', base + '/routes', body);
    await reload();
  };
  return (
    <div>
      <div class="toolbar">
        <button type="button" id="route-create" class="primary" onClick={() => setEditing({ name: '', domains: '*', pathType: 'prefix', pathValue: '/', port: 0 })}>Create route</button>
      </div>
      <Table id="routes" rows={list && list.data} rowKey={(r) => r.id} empty="No route yet." columns={[
        { title: 'Name', get: (r) => r.name },
        { title: 'Domains', get: (r) => (r.domains || []).join(', ') },
        { title: 'Match', get: (r) => (
          <code>{r.match.path.type} {r.match.path.value}{r.match.methods ? ' ' + r.match.methods.join('|') : ''}{r.match.headers ? ' ' + describeHeaders(r.match.headers) : ''}</code>
        ) },
        { title: 'Destination', get: (r) => destinationOf(r.destination) },
        { title: 'Gray release', get: (r) => (r.destination.service ? (
          <span class="gray">
            {((gray && gray[r.destination.service]) || []).length
              ? graySummary(gray[r.destination.service]).map((line) => <div key={line}>{line}</div>)
              : <span class="muted">none</span>}
            <a href={href('routerules', { service: r.destination.service })}>edit</a>
          </span>
        ) : '') },
        { title: '', get: (r) => (
          <span class="actions">
            {r.destination.mcp || r.destination.a2a
              ? <span class="muted" title="MCP and A2A routes are edited with the API or the CLI">API only</span>
              : <button type="button" onClick={() => setEditing({ id: r.id, ...formOf(r) })}>Edit</button>}
            <button type="button" class="danger" onClick={() => confirm(`Delete route ${r.name}?`) &&
              act(() => cse('DELETE', `${base}/routes/${encodeURIComponent(r.id)}`))}>Delete</button>
          </span>
        ) },
      ]} />
      <p class="muted">Gray release by header or by weight splits a destination service by instance tags:
        edit the service's <a href={href('routerules')}>route rules</a>.</p>
      {editing && (
        <FormDialog id="route-form" title={editing.id ? `Edit route ${editing.name}` : 'Create route'}
          initial={editing} fields={FIELDS} onSubmit={save} onClose={() => setEditing(null)} />
      )}
    </div>
  );
}

function destinationOf(d) {
  if (d.mcp) return `MCP ${d.mcp.namespace || 'public'}/${d.mcp.name}`;
  if (d.a2a) return `A2A ${d.a2a.name}`;
  return `${d.service}${d.port ? ':' + d.port : ''} (${d.group || 'DEFAULT_GROUP'}, ${d.namespace || 'public'})`;
}
