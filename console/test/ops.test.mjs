// Unit tests of lib/ops.js, the choice of API per operation: global admins
// use the v3 admin API, other users the v1/v2 open APIs, and both answer
// the pages the same shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../src/lib/api.js';
import { can, isAdmin, makeOps, pageAllowed } from '../src/lib/ops.js';

// server answers call(method, path, params) from routes keyed "METHOD path"
// (a function of params or a value) and records every call.
function server(routes) {
  const calls = [];
  const call = async (method, path, params = {}) => {
    calls.push({ method, path, params });
    const r = routes[method + ' ' + path];
    if (r === undefined) throw new ApiError(404, 'no route ' + method + ' ' + path);
    return typeof r === 'function' ? r(params) : r;
  };
  return { call, calls };
}

const forbidden = () => {
  throw new ApiError(403, 'authorization failed!');
};

test('a session without globalAdmin false is an admin; auth off too', () => {
  assert.equal(isAdmin(null), true);
  assert.equal(isAdmin({ token: 't' }), true);
  assert.equal(isAdmin({ token: 't', globalAdmin: true }), true);
  assert.equal(isAdmin({ token: 't', globalAdmin: false }), false);
});

test('admin-only features and pages are hidden from other users', () => {
  for (const f of ['beta', 'namespaceWrite', 'xds', 'serverState']) {
    assert.equal(can(f, true), true, f);
    assert.equal(can(f, false), false, f);
  }
  assert.throws(() => can('nope', true));
  assert.equal(pageAllowed('nodes', false), false);
  assert.equal(pageAllowed('node', false), false);
  assert.equal(pageAllowed('services', false), true);
  assert.equal(pageAllowed('nodes', true), true);
});

test('both tables have the same operations', () => {
  const { call } = server({});
  assert.deepEqual(Object.keys(makeOps(true, call)).sort(), Object.keys(makeOps(false, call)).sort());
});

test('each operation goes to the v3 admin API for admins and the open API for others', async () => {
  const key = { namespaceId: 'team-a', groupName: 'G', dataId: 'd' };
  const cases = [
    { op: (o) => o.namespaces(), admin: 'GET /nacos/v3/admin/core/namespace/list', scoped: 'GET /nacos/v2/console/namespace/list' },
    { op: (o) => o.instances({ namespaceId: 'team-a', groupName: 'G', serviceName: 's' }),
      admin: 'GET /nacos/v3/admin/ns/instance/list', scoped: 'GET /nacos/v2/ns/instance/list' },
    { op: (o) => o.updateInstance({ namespaceId: 'team-a', ip: '1.1.1.1', port: 80, enabled: false }),
      admin: 'PUT /nacos/v3/admin/ns/instance', scoped: 'PUT /nacos/v2/ns/instance' },
    { op: (o) => o.configs({ namespaceId: 'team-a', search: 'blur', pageNo: 1, pageSize: 10 }),
      admin: 'GET /nacos/v3/admin/cs/config/list', scoped: 'GET /nacos/v1/cs/configs' },
    { op: (o) => o.config(key), admin: 'GET /nacos/v3/admin/cs/config', scoped: 'GET /nacos/v1/cs/configs' },
    { op: (o) => o.publishConfig({ ...key, content: 'x' }), admin: 'POST /nacos/v3/admin/cs/config', scoped: 'POST /nacos/v1/cs/configs' },
    { op: (o) => o.deleteConfig(key), admin: 'DELETE /nacos/v3/admin/cs/config', scoped: 'DELETE /nacos/v1/cs/configs' },
    { op: (o) => o.history({ ...key, pageNo: 1, pageSize: 100 }), admin: 'GET /nacos/v3/admin/cs/history/list', scoped: 'GET /nacos/v2/cs/history/list' },
    { op: (o) => o.historyRecord({ ...key, nid: 7 }), admin: 'GET /nacos/v3/admin/cs/history', scoped: 'GET /nacos/v2/cs/history' },
  ];
  const any = () => ({ hosts: [], pageItems: [], services: [], dataId: 'd', group: 'G' });
  for (const c of cases) {
    for (const admin of [true, false]) {
      const calls = [];
      const call = async (method, path, params) => {
        calls.push(method + ' ' + path);
        return path.endsWith('namespace/list') ? [] : any(params);
      };
      await c.op(makeOps(admin, call));
      assert.equal(calls[0], admin ? c.admin : c.scoped, `${c.admin} admin=${admin}`);
    }
  }
});

test('the v1/v2 config APIs get "group" and the config key as the pages give it', async () => {
  const { call, calls } = server({
    'POST /nacos/v1/cs/configs': true,
    'GET /nacos/v2/cs/history/list': { totalCount: 1, pageItems: [{ id: '3', opType: 'U', lastModifiedTime: '2026-12-06T12:00:00.000+00:00' }] },
    'GET /nacos/v2/cs/history': { content: 'old' },
    'GET /nacos/v1/cs/configs': (p) => (p.show === 'all'
      ? { dataId: p.dataId, group: p.group, content: 'c', type: 'yaml', desc: 'd', modifyTime: 5 }
      : { totalCount: 1, pageNumber: 1, pagesAvailable: 1, pageItems: [{ dataId: 'a', group: 'G', type: 'json', appName: null }] }),
  });
  const o = makeOps(false, call);
  await o.publishConfig({ namespaceId: 'team-a', groupName: 'G', dataId: 'd', content: 'x', type: 'text', desc: '' });
  assert.deepEqual(calls[0].params, { tenant: 'team-a', group: 'G', dataId: 'd', content: 'x', type: 'text', desc: '' });
  assert.equal((await o.historyRecord({ namespaceId: 'team-a', groupName: 'G', dataId: 'd', nid: 3 })).content, 'old');
  assert.deepEqual(calls[1].params, { namespaceId: 'team-a', group: 'G', dataId: 'd', nid: 3 });
  assert.deepEqual(await o.config({ namespaceId: 'team-a', groupName: 'G', dataId: 'd' }),
    { dataId: 'd', groupName: 'G', content: 'c', type: 'yaml', desc: 'd', appName: undefined, md5: undefined, modifyTime: 5 });
  assert.deepEqual(calls[2].params, { show: 'all', dataId: 'd', group: 'G', tenant: 'team-a' });
  const page = await o.configs({ namespaceId: 'team-a', dataId: '*a*', groupName: '', search: 'blur', pageNo: 1, pageSize: 10 });
  assert.deepEqual(page.pageItems, [{ dataId: 'a', groupName: 'G', type: 'json', appName: '' }]);
  assert.deepEqual(calls[3].params, { search: 'blur', dataId: '*a*', group: '', tenant: 'team-a', pageNo: 1, pageSize: 10 });
  const hist = await o.history({ namespaceId: 'team-a', groupName: 'G', dataId: 'd', pageNo: 1, pageSize: 100 });
  assert.equal(hist.pageItems[0].modifyTime, Date.UTC(2026, 11, 6, 12));
  assert.deepEqual(calls[4].params, { namespaceId: 'team-a', group: 'G', dataId: 'd', pageNo: 1, pageSize: 100 });
});

test('a config the v1 API answers empty is not found', async () => {
  const { call } = server({ 'GET /nacos/v1/cs/configs': '' });
  await assert.rejects(makeOps(false, call).config({ namespaceId: 'n', groupName: 'G', dataId: 'gone' }), (e) => e.status === 404);
});

test('a non-admin is shown the namespaces it may read, by naming or by config', async () => {
  const { call } = server({
    'GET /nacos/v2/console/namespace/list': [{ namespace: '' }, { namespace: 'team-a' }, { namespace: 'team-b' }, { namespace: 'cfg-only' }],
    'GET /nacos/v2/ns/service/list': (p) => (p.namespaceId === 'team-a' ? { count: 0, services: [] } : forbidden()),
    'GET /nacos/v1/cs/configs': (p) => (p.tenant === 'cfg-only' ? { totalCount: 0, pageItems: [] } : forbidden()),
  });
  const list = await makeOps(false, call).namespaces();
  assert.deepEqual(list.map((n) => n.namespace), ['team-a', 'cfg-only']);
});

test('a probe failing for another reason than 403 is reported', async () => {
  const { call } = server({
    'GET /nacos/v2/console/namespace/list': [{ namespace: 'team-a' }],
    'GET /nacos/v2/ns/service/list': () => {
      throw new ApiError(500, 'store down');
    },
  });
  await assert.rejects(makeOps(false, call).namespaces(), /store down/);
});

test('a non-admin lists one group exactly, searches names here and counts instances', async () => {
  const { call, calls } = server({
    'GET /nacos/v2/ns/service/list': { count: 3, services: ['orders', 'payments', 'order-audit'] },
    'GET /nacos/v2/ns/instance/list': (p) => ({ hosts: p.serviceName === 'orders'
      ? [{ clusterName: 'A', healthy: true }, { clusterName: 'B', healthy: false }] : [] }),
  });
  const o = makeOps(false, call);
  const page = await o.services({ namespaceId: 'team-a', groupNameParam: '', serviceNameParam: 'order', pageNo: 1, pageSize: 1 });
  assert.deepEqual(calls[0].params, { namespaceId: 'team-a', groupName: 'DEFAULT_GROUP', pageNo: 1, pageSize: 500 });
  assert.equal(page.totalCount, 2);
  assert.equal(page.pagesAvailable, 2);
  assert.deepEqual(page.pageItems, [{ name: 'order-audit', groupName: 'DEFAULT_GROUP', clusterCount: 0, ipCount: 0, healthyInstanceCount: 0 }]);
  const next = await o.services({ namespaceId: 'team-a', groupNameParam: 'DEFAULT_GROUP', serviceNameParam: 'order', pageNo: 2, pageSize: 1 });
  assert.deepEqual(next.pageItems, [{ name: 'orders', groupName: 'DEFAULT_GROUP', clusterCount: 2, ipCount: 2, healthyInstanceCount: 1 }]);
});

test('metadata keys a non-admin removed are deleted from that instance only', async () => {
  const { call, calls } = server({ 'PUT /nacos/v2/ns/instance': true, 'DELETE /nacos/v2/ns/instance/metadata/batch': true });
  const o = makeOps(false, call);
  const params = { namespaceId: 'team-a', groupName: 'G', serviceName: 's', ip: '10.0.0.1', port: 80, clusterName: 'DEFAULT',
    ephemeral: false, weight: 1, enabled: true, metadata: JSON.stringify({ zone: 'b' }) };
  await o.updateInstance(params, { metadata: { zone: 'a', old: 'x' } });
  assert.equal(calls.length, 2);
  assert.deepEqual(calls[1].params, { namespaceId: 'team-a', groupName: 'G', serviceName: 's', consistencyType: 'persist',
    instances: '[{"ip":"10.0.0.1","port":80,"clusterName":"DEFAULT"}]', metadata: '{"old":""}' });
  await o.updateInstance(params, { metadata: { zone: 'a' } });
  assert.equal(calls.length, 3, 'nothing removed: no batch delete');
});

test('an instance a non-admin disabled stays listed, as disabled, until it is gone', async () => {
  const a = { ip: '10.0.0.1', port: 80, clusterName: 'DEFAULT', healthy: true, enabled: true, weight: 1, metadata: {} };
  const b = { ...a, ip: '10.0.0.2' };
  let hosts = [a, b];
  let exists = true;
  const { call } = server({
    'GET /nacos/v2/ns/instance/list': () => ({ hosts }),
    'GET /nacos/v2/ns/instance': (p) => {
      if (!exists) throw new ApiError(404, 'no matched ip found!');
      return { ip: p.ip, port: p.port, clusterName: p.clusterName, weight: 2, healthy: true, metadata: { k: 'v' } };
    },
  });
  const o = makeOps(false, call, new Map());
  const key = { namespaceId: 'team-a', groupName: 'DEFAULT_GROUP', serviceName: 's' };
  assert.equal((await o.instances(key)).length, 2);
  hosts = [a]; // b disabled: the open list leaves it out
  const rows = await o.instances(key);
  assert.deepEqual(rows.map((h) => [h.ip, h.enabled]), [['10.0.0.1', true], ['10.0.0.2', false]]);
  assert.equal(rows[1].weight, 2);
  assert.deepEqual(rows[1].metadata, { k: 'v' });
  assert.equal((await o.instances(key)).length, 2, 'remembered across polls');
  assert.equal((await o.instances({ ...key, serviceName: 'other' })).length, 1, 'per service');
  exists = false; // deregistered
  assert.deepEqual((await o.instances(key)).map((h) => h.ip), ['10.0.0.1']);
});
