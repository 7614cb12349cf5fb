// Configs of the picked namespace: search by data id and group (exact or
// fuzzy), open one to edit it, or create one.
import { useState } from 'preact/hooks';
import { Table } from '../components/table.jsx';
import { api, V3 } from '../lib/api.js';
import { useLoad } from '../lib/hooks.js';
import { go, href, page } from '../lib/router.js';

function Configs({ ns }) {
  const [dataId, setDataId] = useState('');
  const [group, setGroup] = useState('');
  const [fuzzy, setFuzzy] = useState(true);
  const [data] = useLoad(() => api('GET', V3 + '/cs/config/list', {
    namespaceId: ns, dataId: fuzzy && dataId ? `*${dataId}*` : dataId, groupName: fuzzy && group ? `*${group}*` : group,
    search: fuzzy ? 'blur' : 'accurate', pageNo: 1, pageSize: 500,
  }), [ns, dataId, group, fuzzy]);
  const rows = data ? data.pageItems : null;
  return (
    <section>
      <h1>Configs</h1>
      <div class="toolbar">
        <input id="cfg-search" placeholder="Data id" value={dataId} onInput={(e) => setDataId(e.target.value)} />
        <input id="cfg-group" placeholder="Group" value={group} onInput={(e) => setGroup(e.target.value)} />
        <label class="check"><input type="checkbox" checked={fuzzy} onChange={(e) => setFuzzy(e.target.checked)} /> fuzzy</label>
        <button type="button" class="primary" id="cfg-create" onClick={() => go('config', { new: 1 })}>Create config</button>
      </div>
      <Table id="configs" rows={rows} rowKey={(c) => c.groupName + '/' + c.dataId} empty="No configs." columns={[
        { title: 'Data id', get: (c) => <a href={href('config', { group: c.groupName, dataId: c.dataId })}>{c.dataId}</a> },
        { title: 'Group', get: (c) => c.groupName },
        { title: 'Type', get: (c) => c.type || 'text' },
        { title: 'App', get: (c) => c.appName || '' },
        { title: 'Modified', get: (c) => new Date(c.modifyTime).toLocaleString() },
      ]} />
    </section>
  );
}

page({ path: 'configs', title: 'Configs', component: Configs, order: 30 });
