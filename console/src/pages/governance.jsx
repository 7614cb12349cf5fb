// Governance policies of the picked namespace's project, one kind at a
// time: traffic definitions (match-group) and the policies bound to them
// by name (retry, rate-limiting, ...); create, edit, delete
// (CSE /v3/{project}/govern/governance/{kind}, docs/GOVERNANCE.md).
import { useState } from 'preact/hooks';
import { FormDialog } from '../components/form.jsx';
import { Table } from '../components/table.jsx';
import { cse, govPath, KINDS, projectOf } from '../lib/cse.js';
import { useAction, useLoad } from '../lib/hooks.js';
import { go, href, page } from '../lib/router.js';

// Starting specs per kind, as docs/GOVERNANCE.md shows them.
const EXAMPLES = {
  'match-group': { alias: 'orders-api', matches: [{ name: 'm', apiPath: { prefix: '/orders' } }] },
  retry: { maxAttempts: 3, retryOnResponseStatus: [502, 503] },
  'rate-limiting': { rate: 100, limitRefreshPeriod: 1000 },
  loadbalance: { rule: 'RoundRobin' },
  'circuit-breaker': { failureRateThreshold: 50, minimumNumberOfCalls: 10, slidingWindowSize: 10, waitDurationInOpenState: 30000 },
  'instance-isolation': { failureRateThreshold: 50, minimumNumberOfCalls: 10, slidingWindowSize: 10, waitDurationInOpenState: 30000 },
  'fault-injection': { type: 'abort', percentage: 10, errorCode: 503 },
  bulkhead: { maxConcurrentCalls: 100 },
};

const FIELDS = [
  { name: 'name', label: 'Name (a policy binds to the traffic definition of the same name)' },
  { name: 'status', label: 'Status', type: 'select', options: ['enabled', 'disabled'] },
  { name: 'environment', label: 'Environment (empty is an environment too)', paths: ['selector.environment'] },
  { name: 'app', label: 'App (empty: any)', paths: ['selector.app', 'selector'] },
  { name: 'service', label: 'Service (empty: any)', paths: ['selector.service'] },
  { name: 'spec', label: 'Spec (JSON)', type: 'json', rows: 10 },
];

const formOf = (p) => ({
  name: p.name, status: p.status || 'enabled', environment: p.selector.environment || '',
  app: p.selector.app || '', service: p.selector.service || '', spec: JSON.stringify(p.spec, null, 2),
});

const bodyOf = (v) => ({
  name: v.name, status: v.status, spec: v.spec || {},
  selector: { environment: v.environment || '', app: v.app || '', service: v.service || '' },
});

// policiesOf flattens the list-by-kind answer (traffic definitions, each
// with its policies of the kind) into the rules of the kind.
function policiesOf(kind, list) {
  if (!list) return null;
  if (kind === 'match-group') return list.map((d) => ({ ...d.matchGroup, bound: d.policies }));
  return list.flatMap((d) => d.policies.map((p) => ({ ...p, definition: d.matchGroup })));
}

function Governance({ ns, query }) {
  const project = projectOf(ns);
  const kind = KINDS.includes(query.kind) ? query.kind : KINDS[0];
  const [list, reload] = useLoad(() => cse('GET', govPath(project, kind)), [project, kind]);
  const [act] = useAction(reload);
  const [editing, setEditing] = useState(null);
  const rows = policiesOf(kind, list);
  const save = async (v) => {
    if (editing.id) await cse('PUT', `${govPath(project, kind)}/${encodeURIComponent(editing.id)}`, bodyOf(v));
    else await cse('POST', govPath(project, kind), bodyOf(v));
    await reload();
  };
  return (
    <section>
      <h1>Governance</h1>
      <p class="muted">Project <code>{project}</code>. Rules are enforced by the Envoys and gRPC clients that route to the service.</p>
      <div class="toolbar">
        <label class="nspicker">
          <span>Kind</span>
          <select id="gov-kind" value={kind} onChange={(e) => go('governance', { kind: e.target.value })}>
            {KINDS.map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
        </label>
        <button type="button" id="policy-create" class="primary" onClick={() => setEditing({
          name: '', status: 'enabled', environment: '', app: 'default', service: '', spec: JSON.stringify(EXAMPLES[kind], null, 2),
        })}>Create {kind}</button>
        <a href={href('routerules')}>Route rules (gray release) →</a>
      </div>
      <Table id="policies" rows={rows} rowKey={(p) => p.id} empty={`No ${kind} yet.`} columns={[
        { title: 'Name', get: (p) => p.name },
        { title: 'Status', get: (p) => <span class={p.status === 'enabled' ? 'ok' : 'bad'}>{p.status}</span> },
        { title: 'Selector', get: (p) => `env "${p.selector.environment}", app ${p.selector.app || 'any'}, service ${p.selector.service || 'any'}` },
        { title: 'Spec', get: (p) => <code class="md">{JSON.stringify(p.spec)}</code> },
        { title: kind === 'match-group' ? 'Policies bound' : 'Traffic definition', get: (p) => (kind === 'match-group'
          ? (p.bound || []).map((b) => b.kind).join(', ')
          : (p.definition ? p.definition.name : <span class="warn">none of this name</span>)) },
        { title: '', get: (p) => (
          <span class="actions">
            <button type="button" onClick={() => setEditing({ id: p.id, ...formOf(p) })}>Edit</button>
            <button type="button" class="danger" onClick={() => confirm(`Delete ${kind} ${p.name}?`) &&
              act(() => cse('DELETE', `${govPath(project, kind)}/${encodeURIComponent(p.id)}`))}>Delete</button>
          </span>
        ) },
      ]} />
      {editing && (
        <FormDialog id="policy-form" title={editing.id ? `Edit ${kind} ${editing.name}` : `Create ${kind}`}
          initial={editing} fields={FIELDS} onSubmit={save} onClose={() => setEditing(null)} />
      )}
    </section>
  );
}

page({ path: 'governance', title: 'Governance', component: Governance, order: 45 });
