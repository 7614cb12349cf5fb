// Services of the picked namespace, searchable by group and name.
import { useState } from 'preact/hooks';
import { Table } from '../components/table.jsx';
import { api, V3 } from '../lib/api.js';
import { useLoad } from '../lib/hooks.js';
import { href, page } from '../lib/router.js';

function Services({ ns }) {
  const [group, setGroup] = useState('');
  const [name, setName] = useState('');
  const [data] = useLoad(() => api('GET', V3 + '/ns/service/list', {
    namespaceId: ns, groupNameParam: group, serviceNameParam: name, ignoreEmptyService: false, pageNo: 1, pageSize: 500,
  }), [ns, group, name], 2000);
  const rows = data ? data.pageItems : null;
  return (
    <section>
      <h1>Services</h1>
      <div class="toolbar">
        <input id="svc-group" placeholder="Group contains" value={group} onInput={(e) => setGroup(e.target.value)} />
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
    </section>
  );
}

page({ path: 'services', title: 'Services', component: Services, order: 20 });
