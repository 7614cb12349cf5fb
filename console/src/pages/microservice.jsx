// One ServiceComb microservice: its instances (live) and its schemas with
// their content.
import { useState } from 'preact/hooks';
import { Table } from '../components/table.jsx';
import { api } from '../lib/api.js';
import { projectOf, scPath } from '../lib/cse.js';
import { useLoad } from '../lib/hooks.js';
import { href, page } from '../lib/router.js';

const LIVE_MS = 2000;

function Microservice({ ns, query }) {
  const base = `${scPath(projectOf(ns))}/${encodeURIComponent(query.id)}`;
  const [svc] = useLoad(() => api('GET', base), [base]);
  const [insts] = useLoad(() => api('GET', base + '/instances'), [base], LIVE_MS);
  const [schemas] = useLoad(() => api('GET', base + '/schemas', { withSchema: 1 }), [base]);
  const s = svc && svc.service;
  return (
    <section>
      <p class="crumbs"><a href={href('microservices')}>ServiceComb</a></p>
      <h1>{s ? `${s.serviceName} ${s.version}` : query.id}</h1>
      {s && (
        <dl class="facts" id="ms-facts">
          <dt>App</dt><dd>{s.appId}</dd>
          <dt>Environment</dt><dd>{s.environment || '(empty)'}</dd>
          <dt>Level</dt><dd>{s.level}</dd>
          <dt>Tags</dt><dd>{Object.entries(s.tags || {}).map(([k, v]) => `${k}=${v}`).join(', ')}</dd>
          <dt>Properties</dt><dd>{Object.entries(s.properties || {}).map(([k, v]) => `${k}=${v}`).join(', ')}</dd>
        </dl>
      )}
      <h2>Instances</h2>
      <p class="muted">Refreshed every {LIVE_MS / 1000} s.</p>
      <Table id="ms-instances" rows={insts && insts.instances} rowKey={(i) => i.instanceId} empty="No instances." columns={[
        { title: 'Instance', get: (i) => <code>{i.instanceId}</code> },
        { title: 'Endpoints', get: (i) => (i.endpoints || []).join(', ') },
        { title: 'Host', get: (i) => i.hostName },
        { title: 'Status', get: (i) => <span class={i.status === 'UP' ? 'ok' : 'bad'}>{i.status}</span> },
        { title: 'Version', get: (i) => i.version },
        { title: 'Properties', get: (i) => <code class="md">{Object.entries(i.properties || {}).map(([k, v]) => `${k}=${v}`).join(', ')}</code> },
      ]} />
      <h2>Schemas</h2>
      <Table id="ms-schemas" rows={schemas && schemas.schemas} rowKey={(x) => x.schemaId} empty="No stored schema." columns={[
        { title: 'Schema', get: (x) => x.schemaId },
        { title: 'Summary', get: (x) => <code>{x.summary}</code> },
        { title: 'Content', get: (x) => <Schema text={x.schema} /> },
      ]} />
    </section>
  );
}

function Schema({ text }) {
  const [open, setOpen] = useState(false);
  if (!text) return <span class="muted">none stored</span>;
  return (
    <div>
      <button type="button" onClick={() => setOpen(!open)}>{open ? 'Hide' : 'Show'}</button>
      {open && <pre class="schema">{text}</pre>}
    </div>
  );
}

page({ path: 'microservice', title: 'Microservice', component: Microservice, nav: false });
