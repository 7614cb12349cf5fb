// One config: edit and publish (with its content type and description),
// a beta to some client IPs (global admins: only the v3 admin API has it),
// and its history (history.jsx).
import { useEffect, useState } from 'preact/hooks';
import { useAction, useLoad } from '../lib/hooks.js';
import { can, ops } from '../lib/ops.js';
import { go, href, page } from '../lib/router.js';
import { Beta } from './beta.jsx';
import { History } from './history.jsx';

export const TYPES = ['text', 'json', 'xml', 'yaml', 'html', 'properties', 'toml'];

function Config({ ns, query }) {
  const creating = !!query.new;
  const [form, setForm] = useState({ dataId: '', groupName: 'DEFAULT_GROUP', content: '', type: 'text', desc: '' });
  const [version, setVersion] = useState(0); // bumps after a publish so history reloads
  const key = { namespaceId: ns, groupName: query.group, dataId: query.dataId };
  const [cfg, reload] = useLoad(() => (creating ? Promise.resolve(null) : ops().config(key)),
    [ns, query.group, query.dataId, creating]);
  // The form shows once it holds the config just loaded, so nothing typed
  // before the fill is overwritten by it.
  const [filledFrom, setFilledFrom] = useState(null);
  useEffect(() => {
    if (!cfg) return;
    setForm({ dataId: cfg.dataId, groupName: cfg.groupName, content: cfg.content, type: cfg.type || 'text', desc: cfg.desc || '' });
    setFilledFrom(cfg);
  }, [cfg]);
  const [act, busy] = useAction();
  const set = (k) => (e) => setForm({ ...form, [k]: e.target.value });
  const publish = (content = form.content) => act(async () => {
    await ops().publishConfig({ ...form, content, namespaceId: ns });
    if (creating) go('config', { group: form.groupName, dataId: form.dataId });
    else {
      await reload();
      setVersion(version + 1);
    }
  });
  const remove = () => confirm(`Delete config ${query.dataId}?`) && act(async () => {
    await ops().deleteConfig(key);
    go('configs');
  });
  return (
    <section>
      <p class="crumbs"><a href={href('configs')}>Configs</a>{!creating && ' / ' + query.group}</p>
      <h1>{creating ? 'New config' : query.dataId}</h1>
      {(creating || (cfg && filledFrom === cfg)) && <form class="editor" id="config-form" onSubmit={(e) => { e.preventDefault(); publish(); }}>
        <div class="row">
          <label><span>Data id</span><input name="dataId" value={form.dataId} readOnly={!creating} onInput={set('dataId')} /></label>
          <label><span>Group</span><input name="groupName" value={form.groupName} readOnly={!creating} onInput={set('groupName')} /></label>
          <label><span>Type</span>
            <select name="type" value={form.type} onChange={set('type')}>{TYPES.map((t) => <option key={t}>{t}</option>)}</select>
          </label>
        </div>
        <label><span>Description</span><input name="desc" value={form.desc} onInput={set('desc')} /></label>
        <label><span>Content</span><textarea name="content" class="code" rows={14} value={form.content} onInput={set('content')} /></label>
        <div class="buttons">
          {!creating && <button type="button" class="danger" id="cfg-delete" onClick={remove} disabled={busy}>Delete</button>}
          <button type="submit" class="primary" id="cfg-publish" disabled={busy}>Publish</button>
        </div>
      </form>}
      {!creating && cfg && can('beta') && <Beta cfgKey={key} form={form} />}
      {!creating && cfg && <History cfgKey={key} current={cfg} version={version} onRollback={(c) => publish(c)} />}
    </section>
  );
}

page({ path: 'config', title: 'Config', component: Config, nav: false });
