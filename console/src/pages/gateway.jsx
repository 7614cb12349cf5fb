// One gateway: its listeners and, one tab each, its routes, plugins (in
// the order Envoy runs them) and http2rpc mappings.
import { cse, gatewayPath, projectOf } from '../lib/cse.js';
import { useLoad } from '../lib/hooks.js';
import { href, page } from '../lib/router.js';
import { Http2Rpcs } from './gateway_http2rpc.jsx';
import { Plugins } from './gateway_plugins.jsx';
import { Routes } from './gateway_routes.jsx';

const TABS = [
  { id: 'routes', title: 'Routes', component: Routes },
  { id: 'plugins', title: 'Plugins', component: Plugins },
  { id: 'http2rpc', title: 'HTTP → Dubbo', component: Http2Rpcs },
];

function Gateway({ ns, query }) {
  const project = projectOf(ns);
  const base = gatewayPath(project, query.id);
  const [gw] = useLoad(() => cse('GET', base), [base]);
  const tab = TABS.find((t) => t.id === query.tab) || TABS[0];
  const Tab = tab.component;
  return (
    <section>
      <p class="crumbs"><a href={href('gateways')}>Gateways</a> / {project}</p>
      <h1>{query.id}</h1>
      {gw && (
        <p class="muted" id="gw-listeners">
          Listeners: {gw.listeners.map((l) => `${l.name} ${l.protocol} :${l.port}`).join(', ')}
        </p>
      )}
      <div class="tabs" role="tablist">
        {TABS.map((t) => (
          <a key={t.id} role="tab" id={'tab-' + t.id} class={t.id === tab.id ? 'active' : ''} href={href('gateway', { id: query.id, tab: t.id })}>{t.title}</a>
        ))}
      </div>
      <Tab project={project} base={base} gateway={query.id} />
    </section>
  );
}

page({ path: 'gateway', title: 'Gateway', component: Gateway, nav: false });
