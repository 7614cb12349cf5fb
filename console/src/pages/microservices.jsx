// ServiceComb microservices of the picked namespace's project
// (/v4/{project}/registry/microservices, docs/SERVICECOMB.md): the same
// registry Nacos clients use, seen as ServiceComb sees it.
import { Table } from '../components/table.jsx';
import { api } from '../lib/api.js';
import { projectOf, scPath } from '../lib/cse.js';
import { useLoad } from '../lib/hooks.js';
import { href, page } from '../lib/router.js';

const LIVE_MS = 2000;

function Microservices({ ns }) {
  const project = projectOf(ns);
  const [data] = useLoad(() => api('GET', scPath(project)), [project], LIVE_MS);
  return (
    <section>
      <h1>ServiceComb microservices</h1>
      <p class="muted">Project <code>{project}</code>, refreshed every {LIVE_MS / 1000} s.</p>
      <Table id="microservices" rows={data && data.services} rowKey={(s) => s.serviceId} empty="No microservice." columns={[
        { title: 'Name', get: (s) => <a href={href('microservice', { id: s.serviceId })}>{s.serviceName}</a> },
        { title: 'App', get: (s) => s.appId },
        { title: 'Version', get: (s) => s.version },
        { title: 'Environment', get: (s) => s.environment || '' },
        { title: 'Status', get: (s) => <span class={s.status === 'UP' ? 'ok' : 'bad'}>{s.status}</span> },
        { title: 'Schemas', get: (s) => (s.schemas || []).join(', ') },
        { title: 'Id', get: (s) => <code>{s.serviceId}</code> },
      ]} />
    </section>
  );
}

page({ path: 'microservices', title: 'ServiceComb', component: Microservices, order: 50 });
