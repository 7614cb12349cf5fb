// The route rules (gray release) of one microservice: rules by precedence,
// each a match (headers) and a weighted split over instance tags
// (CSE /v3/{project}/govern/route-rule/microservices/{service},
// docs/GOVERNANCE.md). The rules are one document: edit, save, delete.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../lib/api.js';
import { clearError } from '../lib/banner.js';
import { cse, projectOf, routeRulePath } from '../lib/cse.js';
import { graySummary } from '../lib/gray.js';
import { useAction, useLoad } from '../lib/hooks.js';
import { go, page } from '../lib/router.js';

const EXAMPLE = [
  { precedence: 2, match: { headers: { 'x-canary': { exact: 'true' } } },
    route: [{ name: 'canary', weight: 100, tags: { version: '2.0.0' } }] },
  { precedence: 1, route: [
    { name: 'stable', weight: 80, tags: { version: '1.0.0' } },
    { name: 'new', weight: 20, tags: { version: '2.0.0' } }] },
];

// load answers the service's rules, [] when it has none (404).
async function load(project, service, params) {
  if (!service) return null;
  try {
    const out = await api('GET', routeRulePath(project, service), params);
    return out.result || [];
  } catch (e) {
    if (e.status === 404) return [];
    throw e;
  }
}

function RouteRules({ ns, query }) {
  const project = projectOf(ns);
  const service = query.service || '';
  const params = { app_id: query.app || undefined, environment: query.env || undefined };
  const [rules, reload] = useLoad(() => load(project, service, params), [project, service, query.app, query.env]);
  const [act] = useAction(reload);
  // The editor's text and the rules it was filled from: the editor shows
  // only once it holds the rules just loaded, so nothing typed before the
  // fill is overwritten by it.
  const [draft, setDraft] = useState({ from: null, text: '' });
  const text = draft.text;
  const setText = (t) => setDraft((d) => ({ ...d, text: t }));
  const [error, setError] = useState(null);
  const [pick, setPick] = useState({ service, app: query.app || '', env: query.env || '' });
  useEffect(() => {
    if (rules) setDraft({ from: rules, text: JSON.stringify(rules.length ? rules : EXAMPLE, null, 2) });
  }, [rules]);
  const save = () => act(async () => {
    let body;
    try {
      body = JSON.parse(text);
    } catch (e) {
      setError('Not JSON: ' + e.message);
      throw e;
    }
    try {
      await cse('PUT', routeRulePath(project, service), body, params);
      setError(null);
      clearError(); // an error of an earlier try is past
    } catch (e) {
      setError(e.detail || e.message);
      throw e;
    }
  });
  return (
    <section>
      <h1>Route rules</h1>
      <p class="muted">Gray release of a service's traffic by header and by weight over its instances' tags (such as <code>version</code>), wherever it is routed: gateways, sidecars, gRPC clients.</p>
      <form class="toolbar" id="rr-pick" onSubmit={(e) => { e.preventDefault(); go('routerules', pick); }}>
        <input name="service" placeholder="microservice" value={pick.service} onInput={(e) => setPick({ ...pick, service: e.target.value })} />
        <input name="app" placeholder="app_id (default)" value={pick.app} onInput={(e) => setPick({ ...pick, app: e.target.value })} />
        <input name="env" placeholder="environment" value={pick.env} onInput={(e) => setPick({ ...pick, env: e.target.value })} />
        <button type="submit">Open</button>
      </form>
      {service && rules && draft.from === rules && (
        <div class="panel">
          <h2>{service}: {rules.length ? `${rules.length} rule(s)` : 'no rules (an example below)'}</h2>
          <RuleSummary rules={rules} />
          <label class="block">
            <span>Rules (JSON array, the highest precedence first wins)</span>
            <textarea id="rr-text" class="code" rows={16} value={text} onInput={(e) => setText(e.target.value)} />
            {error && <span class="field-error" id="rr-error">{error}</span>}
          </label>
          <div class="buttons">
            <button type="button" class="danger" disabled={!rules.length} onClick={() => confirm(`Delete the route rules of ${service}?`) &&
              act(() => cse('DELETE', routeRulePath(project, service), undefined, params))}>Delete rules</button>
            <button type="button" class="primary" id="rr-save" onClick={save}>Save rules</button>
          </div>
        </div>
      )}
    </section>
  );
}

function RuleSummary({ rules }) {
  if (!rules.length) return null;
  return (
    <table class="data" id="route-rules">
      <thead><tr><th>Precedence</th><th>Gray release</th></tr></thead>
      <tbody>
        {[...rules].sort((a, b) => (b.precedence || 0) - (a.precedence || 0)).map((r, i) => (
          <tr key={i}>
            <td>{r.precedence || 0}</td>
            <td>{graySummary([r])[0]} <span class="muted">{(r.route || []).map((d) => d.name).filter(Boolean).join(', ')}</span></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

page({ path: 'routerules', title: 'Route rules', component: RouteRules, order: 46 });
