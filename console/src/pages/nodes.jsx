// Connected xDS nodes, polled every 2 s: per resource type what was sent,
// what the node acknowledged, and a NACK standing for that type (its error
// and when).
import { Table } from '../components/table.jsx';
import { api } from '../lib/api.js';
import { useLoad } from '../lib/hooks.js';
import { href, page } from '../lib/router.js';
import { shortType, stateClass, typeStates, when } from '../lib/xds.js';

const LIVE_MS = 2000;

function Nodes() {
  const [data] = useLoad(() => api('GET', '/causeway/v1/xds/nodes'), [], LIVE_MS);
  const rows = data ? data.data : null;
  return (
    <section>
      <h1>xDS nodes</h1>
      <p class="muted">Connected Envoys and sidecars, refreshed every {LIVE_MS / 1000} s.</p>
      <Table id="nodes" rows={rows} rowKey={(n) => n.id} empty="No node is connected." columns={[
        { title: 'Node', get: (n) => <a href={href('node', { id: n.id })}>{n.id}</a> },
        { title: 'Role', get: (n) => n.role },
        { title: 'Stream', get: (n) => n.stream },
        { title: 'Resources', get: (n) => (
          <ul class="types">
            {typeStates(n).map((s) => (
              <li key={s.type} data-type={shortType(s.type)} class={stateClass(s.state)}
                title={`sent ${s.sent}, acked ${s.acked || 'nothing'}`}>
                {shortType(s.type)} {s.state} <code>{s.state === 'NACK' ? s.sent : s.acked || s.sent}</code>
                {s.error && <div class="nack">{s.error} <span class="muted">{when(s.at)}</span></div>}
              </li>
            ))}
          </ul>
        ) },
        { title: 'Connected', get: (n) => new Date(n.connectedAt).toLocaleString() },
      ]} />
    </section>
  );
}

page({ path: 'nodes', title: 'xDS nodes', component: Nodes, order: 60 });
