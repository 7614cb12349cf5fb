// The frame around every page: nav, namespace picker, user, error banner.
import { useEffect, useState } from 'preact/hooks';
import { api, V3 } from './lib/api.js';
import { clearError, onError } from './lib/banner.js';
import { onNamespacesChanged, setNamespace, useNamespace } from './lib/namespace.js';
import { find, href, navPages, useRoute } from './lib/router.js';
import { endSession, session } from './lib/session.js';

export function Shell({ authOff }) {
  const route = useRoute();
  const ns = useNamespace();
  const [error, setError] = useState(null);
  useEffect(() => onError(setError), []);
  useEffect(() => clearError(), [route.path]);
  const current = find(route.path);
  const Page = current && current.component;
  const user = session();
  return (
    <div class="shell">
      <header>
        <a class="brand" href="#/">Causeway</a>
        <NamespacePicker ns={ns} />
        <span class="user">
          {authOff ? 'auth off' : user && user.username}
          {!authOff && <button type="button" id="logout" onClick={() => endSession('You have logged out.')}>Log out</button>}
        </span>
      </header>
      <nav>
        {navPages().map((p) => (
          <a key={p.path} href={href(p.path)} class={current && current.path === p.path ? 'active' : ''}>{p.title}</a>
        ))}
      </nav>
      <main>
        {error && (
          <div class="banner" role="alert" id="banner">
            <span>{error}</span>
            <button type="button" onClick={clearError} aria-label="Dismiss">×</button>
          </div>
        )}
        {Page ? <Page query={route.query} ns={ns} /> : <p class="empty">No such page.</p>}
      </main>
    </div>
  );
}

// NamespacePicker lists the namespaces again when the namespaces page
// changes them and when opened, so one created in another tab shows up.
function NamespacePicker({ ns }) {
  const [list, setList] = useState([]);
  const load = () => api('GET', V3 + '/core/namespace/list').then(setList, () => {});
  useEffect(() => {
    load();
    return onNamespacesChanged(load);
  }, []);
  // The default namespace is listed with the id "" and named "public".
  const idOf = (n) => n.namespace || 'public';
  const ids = list.map(idOf);
  if (!ids.includes(ns)) ids.unshift(ns);
  return (
    <label class="nspicker">
      <span>Namespace</span>
      <select id="namespace" value={ns} onFocus={load} onChange={(e) => setNamespace(e.target.value)}>
        {ids.map((id) => {
          const n = list.find((x) => idOf(x) === id);
          return <option key={id} value={id}>{n && n.namespaceShowName !== id ? `${n.namespaceShowName} (${id})` : id}</option>;
        })}
      </select>
    </label>
  );
}
