// The landing page: what the server is, with links to the main pages.
import { api, V3 } from '../lib/api.js';
import { useLoad } from '../lib/hooks.js';
import { can } from '../lib/ops.js';
import { href, page } from '../lib/router.js';

function Home() {
  // The server's state is on the v3 admin API only.
  const [state] = useLoad(() => (can('serverState') ? api('GET', V3 + '/core/state') : Promise.resolve(null)), []);
  return (
    <section>
      <h1>Overview</h1>
      {state && (
        <dl class="facts" id="server-state">
          <dt>Version</dt><dd>{state.version}</dd>
          <dt>Mode</dt><dd>{state.standalone_mode}</dd>
          <dt>Store</dt><dd>{state.datasource_platform}</dd>
          <dt>Auth</dt><dd>{state.auth_enabled === 'true' ? 'on' : 'off'}</dd>
        </dl>
      )}
      <ul class="links">
        <li><a href={href('services')}>Services and instances</a></li>
        <li><a href={href('configs')}>Configs</a></li>
        {can('xds') && <li><a href={href('nodes')}>xDS nodes</a></li>}
      </ul>
    </section>
  );
}

page({ path: '', title: 'Overview', component: Home, order: 0 });
