// Services of the picked namespace, searchable by group and name.
import { useState } from 'preact/hooks';
import { PAGE_SIZE, Pager, useFilter } from '../components/pager.jsx';
import { Table } from '../components/table.jsx';
import { useLoad } from '../lib/hooks.js';
import { ops } from '../lib/ops.js';
import { href, page } from '../lib/router.js';

function Services({ ns }) {
  const [pageNo, setPageNo] = useState(1);
  // A new search starts again at its first page.
  const [group, setGroup] = useFilter('', setPageNo);
  const [name, setName] = useFilter('', setPageNo);
  const [data] = useLoad(() => ops().services({
    namespaceId: ns, groupNameParam: group, serviceNameParam: name, ignoreEmptyService: false, pageNo, pageSize: PAGE_SIZE,
  }), [ns, group, name, pageNo], 2000);
  const rows = data ? data.pageItems : null;
  return (
    <section>
      <h1>Services</h1>
      <div class="toolbar">
        <input id="svc-group" placeholder={ops().serviceGroupHint} value={group} onInput={(e) => setGroup(e.target.value)} />
        <input id="svc-search" placeholder="Name contains" value={name} onInput={(e) => setName(e.target.value)} />
        {data && <span class="muted">{data.totalCount} {data.totalCount === 1 ? 'service' : 'services'}, live</span>}
      </div>
      <Table id="services" rows={rows} rowKey={(s) => s.groupName + '@@' + s.name} empty="No services." columns={[
        { title: 'Name', get: (s) => <a href={href('service', { group: s.groupName, name: s.name })}>{s.name}</a> },
        { title: 'Group', get: (s) => s.groupName },
        { title: 'Clusters', get: (s) => s.clusterCount },
        { title: 'Instances', get: (s) => s.ipCount },
        { title: 'Healthy', get: (s) => s.healthyInstanceCount },
      ]} />
      <Pager data={data} pageNo={pageNo} setPageNo={setPageNo} />
    </section>
  );
}

page({ path: 'services', title: 'Services', component: Services, order: 20 });
