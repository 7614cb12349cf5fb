// Configs of the picked namespace: search by data id and group (exact or
// fuzzy), open one to edit it, or create one.
import { useState } from 'preact/hooks';
import { PAGE_SIZE, Pager, useFilter } from '../components/pager.jsx';
import { Table } from '../components/table.jsx';
import { useLoad } from '../lib/hooks.js';
import { ops } from '../lib/ops.js';
import { go, href, page } from '../lib/router.js';

function Configs({ ns }) {
  const [pageNo, setPageNo] = useState(1);
  // A new search starts again at its first page.
  const [dataId, setDataId] = useFilter('', setPageNo);
  const [group, setGroup] = useFilter('', setPageNo);
  const [fuzzy, setFuzzy] = useFilter(true, setPageNo);
  const [data] = useLoad(() => ops().configs({
    namespaceId: ns, dataId: fuzzy && dataId ? `*${dataId}*` : dataId, groupName: fuzzy && group ? `*${group}*` : group,
    search: fuzzy ? 'blur' : 'accurate', pageNo, pageSize: PAGE_SIZE,
  }), [ns, dataId, group, fuzzy, pageNo]);
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
        // The v1 search that non-admins use does not answer it.
        { title: 'Modified', get: (c) => (c.modifyTime ? new Date(c.modifyTime).toLocaleString() : '') },
      ]} />
      <Pager data={data} pageNo={pageNo} setPageNo={setPageNo} />
    </section>
  );
}

page({ path: 'configs', title: 'Configs', component: Configs, order: 30 });
