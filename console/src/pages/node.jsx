// One node: its sync state per resource type (polled every 2 s, with the
// error and time of a standing NACK) and its config dump, what the control
// plane gives it per type, as collapsible JSON.
import { JsonTree } from '../components/jsontree.jsx';
import { Table } from '../components/table.jsx';
import { api } from '../lib/api.js';
import { useLoad } from '../lib/hooks.js';
import { href, page } from '../lib/router.js';
import { shortType, stateClass, typeStates, when } from '../lib/xds.js';

const LIVE_MS = 2000;

function SyncState({ id }) {
  const [data] = useLoad(() => api('GET', '/causeway/v1/xds/nodes'), [id], LIVE_MS);
  if (!data) return null;
  const node = data.data.find((n) => n.id === id);
  if (!node) return <p class="empty">The node is not connected.</p>;
  return (
    <Table id="sync-state" rows={typeStates(node)} rowKey={(s) => shortType(s.type)} columns={[
      { title: 'Type', get: (s) => shortType(s.type) },
      { title: 'State', get: (s) => <span class={stateClass(s.state)}>{s.state}</span> },
      { title: 'Sent', get: (s) => <code>{s.sent}</code> },
      { title: 'Acked', get: (s) => <code>{s.acked}</code> },
      { title: 'NACK', get: (s) => (s.error ? <span class="bad nack">{s.error}</span> : '') },
      { title: 'NACKed at', get: (s) => when(s.at) },
    ]} />
  );
}

function Node({ query }) {
  const [dump, reload] = useLoad(() => api('GET', '/causeway/v1/xds/config_dump', { node: query.id }), [query.id]);
  return (
    <section>
      <p class="crumbs"><a href={href('nodes')}>xDS nodes</a></p>
      <h1>{query.id}</h1>
      <SyncState id={query.id} />
      <div class="toolbar"><button type="button" onClick={reload}>Refresh</button></div>
      <div id="config-dump">
        {dump && dump.configs.map((c) => (
          <section class="panel" key={c.typeUrl}>
            <h2>{shortType(c.typeUrl)} <span class="muted">({c.resources.length})</span></h2>
            <JsonTree value={c.resources} open={1} />
          </section>
        ))}
      </div>
    </section>
  );
}

page({ path: 'node', title: 'Node', component: Node, nav: false });
