// Connected xDS nodes, polled every 2 s: per resource type what was sent
// and what the node acknowledged, and its last rejection (NACK).
import { Table } from '../components/table.jsx';
import { api } from '../lib/api.js';
import { useLoad } from '../lib/hooks.js';
import { href, page } from '../lib/router.js';

const LIVE_MS = 2000;

// shortType is the last part of a type URL (Cluster, Listener, ...).
export const shortType = (url) => url.slice(url.lastIndexOf('.') + 1);

// typeStates answers [{type, sent, acked, state}] for one node.
export function typeStates(n) {
  const types = [...new Set([...Object.keys(n.sent || {}), ...Object.keys(n.acked || {})])].sort();
  return types.map((t) => {
    const sent = (n.sent || {})[t] || '';
    const acked = (n.acked || {})[t] || '';
    return { type: t, sent, acked, state: sent && sent === acked ? 'ACK' : 'pending' };
  });
}

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
              <li key={s.type} class={s.state === 'ACK' ? 'ok' : 'warn'} title={`sent ${s.sent}, acked ${s.acked || 'nothing'}`}>
                {shortType(s.type)} {s.state} <code>{s.acked || s.sent}</code>
              </li>
            ))}
          </ul>
        ) },
        { title: 'Last NACK', get: (n) => (n.lastNack ? <span class="bad nack">{n.lastNack}</span> : '') },
        { title: 'Connected', get: (n) => new Date(n.connectedAt).toLocaleString() },
      ]} />
    </section>
  );
}

page({ path: 'nodes', title: 'xDS nodes', component: Nodes, order: 60 });
