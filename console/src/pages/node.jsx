// One node's config dump: what the control plane gives it, per resource
// type, as collapsible JSON.
import { JsonTree } from '../components/jsontree.jsx';
import { api } from '../lib/api.js';
import { useLoad } from '../lib/hooks.js';
import { href, page } from '../lib/router.js';
import { shortType } from '../lib/xds.js';

function Node({ query }) {
  const [dump, reload] = useLoad(() => api('GET', '/causeway/v1/xds/config_dump', { node: query.id }), [query.id]);
  return (
    <section>
      <p class="crumbs"><a href={href('nodes')}>xDS nodes</a></p>
      <h1>{query.id}</h1>
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
