// A config's beta (gray) release: the content in the editor published to
// the listed client IPs only (v3 publish with a betaIps header), shown and
// stopped through /cs/config/beta.
import { useState } from 'preact/hooks';
import { api, V3 } from '../lib/api.js';
import { useAction, useLoad } from '../lib/hooks.js';

export function Beta({ cfgKey, form }) {
  const [beta, reload] = useLoad(() => api('GET', V3 + '/cs/config/beta', cfgKey, { expiry: false }).catch((e) => {
    if (e.status === 404) return null;
    throw e;
  }), [cfgKey.namespaceId, cfgKey.groupName, cfgKey.dataId]);
  const [ips, setIps] = useState('');
  const [act, busy] = useAction(reload);
  const ruleIps = beta ? JSON.parse(beta.grayRule || '{}').expr : '';
  const publish = () => act(() => api('POST', V3 + '/cs/config', { ...form, ...cfgKey }, { headers: { betaIps: ips } }));
  const stop = () => act(() => api('DELETE', V3 + '/cs/config/beta', cfgKey));
  return (
    <section class="panel" id="beta">
      <h2>Beta release</h2>
      {beta ? (
        <p>In beta to <code>{ruleIps}</code>. <button type="button" onClick={stop} disabled={busy}>Stop beta</button></p>
      ) : <p class="muted">No beta: every client gets the published content.</p>}
      <div class="toolbar">
        <input id="beta-ips" placeholder="Client IPs, comma separated" value={ips} onInput={(e) => setIps(e.target.value)} />
        <button type="button" onClick={publish} disabled={busy || !ips}>Publish editor content as beta</button>
      </div>
    </section>
  );
}
