// The frame around every page: nav, namespace picker, user, error banner.
import { useEffect, useState } from 'preact/hooks';
import { clearError, onError, showError } from './lib/banner.js';
import { currentNamespace, onNamespacesChanged, setNamespace, useNamespace } from './lib/namespace.js';
import { isAdmin, ops, pageAllowed } from './lib/ops.js';
import { find, href, navPages, useRoute } from './lib/router.js';
import { endSession, session } from './lib/session.js';

export function Shell({ authOff }) {
  const route = useRoute();
  const ns = useNamespace();
  const [error, setError] = useState(null);
  // A non-admin's page waits for the picker to settle on a namespace the
  // user may read, so it never asks for one it may not.
  const [nsReady, setNsReady] = useState(isAdmin());
  useEffect(() => onError(setError), []);
  useEffect(() => clearError(), [route.path]);
  const current = find(route.path);
  const Page = current && current.component;
  const user = session();
  return (
    <div class="shell">
      <header>
        <a class="brand" href="#/">Causeway</a>
        <NamespacePicker ns={ns} onReady={() => setNsReady(true)} />
        <span class="user">
          {authOff ? 'auth off' : user && user.username}
          {!authOff && <button type="button" id="logout" onClick={() => endSession('You have logged out.')}>Log out</button>}
        </span>
      </header>
      <nav>
        {navPages().filter((p) => pageAllowed(p.path)).map((p) => (
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
        {!nsReady ? <p class="empty">Loading…</p>
          : Page && pageAllowed(current.path) ? <Page query={route.query} ns={ns} /> : <p class="empty">No such page.</p>}
      </main>
    </div>
  );
}

// NamespacePicker lists the namespaces again when the namespaces page
// changes them and when opened, so one created in another tab shows up.
// It lists those the user may read; when the picked one is not among them
// (a user granted team-a only, on the default "public"), it picks the first.
function NamespacePicker({ ns, onReady }) {
  const [list, setList] = useState([]);
  const load = () => ops().namespaces().then((l) => {
    setList(l);
    const ids = l.map((n) => n.namespace || 'public');
    if (ids.length && !ids.includes(currentNamespace())) setNamespace(ids[0]);
  }, showError).finally(onReady);
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
