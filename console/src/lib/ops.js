// The one place that picks which API serves each console operation.
//
// Every Nacos v3 admin route is for global admins only (as in Nacos 3), so
// a user granted a role on some namespaces would see nothing but refusals
// there. For such a user the console reads and writes through the Nacos
// v1/v2 open APIs, which check the user's permission on the namespace,
// group and name each request touches: the console can still do nothing
// that user could not do with curl. Both tables answer the shapes of the v3
// admin API, so pages call ops() and never ask which API they talk to.
import { api, ApiError, V3 } from './api.js';
import { onSession, session } from './session.js';

const V2NS = '/nacos/v2/ns';
const V2CS = '/nacos/v2/cs';
const V1CONFIGS = '/nacos/v1/cs/configs';
const DEFAULT_GROUP = 'DEFAULT_GROUP';
// The v2 service list pages at most 500 names (maxPageSize in api/nacos/v2).
const V2_MAX_PAGE = 500;

// isAdmin: no session (auth off) and a session from before the console
// kept globalAdmin both mean the v3 admin API, as before.
export function isAdmin(s = session()) {
  return !s || s.globalAdmin !== false;
}

// Features only the v3 admin API has, or only admins may use: pages hide
// them for other users rather than show them failing.
const FEATURES = ['beta', 'namespaceWrite', 'xds', 'serverState'];

// Pages that are nothing but an admin-only feature, kept out of the nav.
const PAGE_NEEDS = { nodes: 'xds', node: 'xds' };

export function can(feature, admin = isAdmin()) {
  if (!FEATURES.includes(feature)) throw new Error('unknown feature ' + feature);
  return admin;
}

export function pageAllowed(path, admin = isAdmin()) {
  const need = PAGE_NEEDS[path];
  return !need || can(need, admin);
}

// Instances a non-admin saw, per service, for the tab's life: the open
// instance lists leave disabled instances out, so one disabled here is
// found again by its detail (see scopedOps.instances).
const seenInstances = new Map();
// Another login in the tab is another user: forget what the last one saw.
onSession(() => seenInstances.clear());

// ops answers the operations for the logged-in user.
export function ops() {
  return makeOps(isAdmin(), api, seenInstances);
}

// makeOps answers the operation table for an admin or not, calling the
// server with call(method, path, params, opts) (api in the console).
export function makeOps(admin, call, seen = new Map()) {
  return admin ? adminOps(call) : scopedOps(call, seen);
}

// adminOps: the Nacos v3 admin API, whose answers the pages were written for.
function adminOps(call) {
  return {
    namespaces: () => call('GET', V3 + '/core/namespace/list'),
    services: (q) => call('GET', V3 + '/ns/service/list', q),
    serviceGroupHint: 'Group contains',
    instances: (key) => call('GET', V3 + '/ns/instance/list', key),
    // The v3 update replaces the metadata with the one given.
    updateInstance: (params) => call('PUT', V3 + '/ns/instance', params),
    configs: (q) => call('GET', V3 + '/cs/config/list', q),
    config: (key) => call('GET', V3 + '/cs/config', key),
    publishConfig: (form) => call('POST', V3 + '/cs/config', form),
    deleteConfig: (key) => call('DELETE', V3 + '/cs/config', key),
    history: (q) => call('GET', V3 + '/cs/history/list', q),
    historyRecord: (q) => call('GET', V3 + '/cs/history', q),
  };
}

// The v1/v2 config APIs name the group "group" where v3 says "groupName".
function v2ConfigKey({ namespaceId, groupName, dataId }) {
  return { namespaceId, group: groupName, dataId };
}

// scopedOps: the v1/v2 open APIs, translated to and from the v3 shapes.
function scopedOps(call, seen) {
  const o = {
    // Any user may list the namespaces; the picker shows those this user
    // may read: naming or config, probed with the smallest list of each.
    namespaces: async () => {
      const all = await call('GET', '/nacos/v2/console/namespace/list');
      const ok = await Promise.all(all.map((n) => readable(call, n.namespace || 'public')));
      return all.filter((_, i) => ok[i]);
    },
    services: (q) => scopedServices(call, q),
    // The v2 list takes one group, exactly (the v3 one searches groups);
    // empty is DEFAULT_GROUP.
    serviceGroupHint: 'Group (exact)',
    instances: (key) => scopedInstances(call, seen, key),
    updateInstance: (params, before) => scopedUpdateInstance(call, params, before),
    configs: async (q) => {
      const p = await call('GET', V1CONFIGS, {
        search: q.search, dataId: q.dataId || '', group: q.groupName || '', tenant: q.namespaceId,
        pageNo: q.pageNo, pageSize: q.pageSize,
      });
      return { ...p, pageItems: (p.pageItems || []).map((c) => ({
        dataId: c.dataId, groupName: c.group, type: c.type, appName: c.appName || '',
      })) };
    },
    config: async (key) => {
      const c = await call('GET', V1CONFIGS, { show: 'all', dataId: key.dataId, group: key.groupName, tenant: key.namespaceId });
      // Nacos answers an empty 200 for a config that does not exist.
      if (!c || typeof c !== 'object') throw new ApiError(404, `config ${key.groupName}/${key.dataId} does not exist`);
      return { dataId: c.dataId, groupName: c.group, content: c.content, type: c.type, desc: c.desc || '',
        appName: c.appName, md5: c.md5, modifyTime: c.modifyTime };
    },
    // v1, not v2, writes: v1 records the logged-in user as the change's
    // author (v2 only a srcUser parameter), as the v3 writes do.
    publishConfig: ({ namespaceId, groupName, ...rest }) => call('POST', V1CONFIGS, { ...rest, group: groupName, tenant: namespaceId }),
    deleteConfig: ({ namespaceId, groupName, dataId }) => call('DELETE', V1CONFIGS, { dataId, group: groupName, tenant: namespaceId }),
    history: async ({ pageNo, pageSize, ...key }) => {
      const p = await call('GET', V2CS + '/history/list', { ...v2ConfigKey(key), pageNo, pageSize });
      // v2 dates records as text (lastModifiedTime), v3 in milliseconds.
      return { ...p, pageItems: (p.pageItems || []).map((h) => ({ ...h, modifyTime: Date.parse(h.lastModifiedTime) })) };
    },
    historyRecord: ({ nid, ...key }) => call('GET', V2CS + '/history', { ...v2ConfigKey(key), nid }),
  };
  return o;
}

// readable: may this user read anything in namespace ns? Refused (403) is
// no; any other failure is the server's and is reported.
async function readable(call, ns) {
  const probes = [
    () => call('GET', V2NS + '/service/list', { namespaceId: ns, pageNo: 1, pageSize: 1 }),
    () => call('GET', V1CONFIGS, { search: 'blur', dataId: '', group: '', tenant: ns, pageNo: 1, pageSize: 1 }),
  ];
  for (const probe of probes) {
    try {
      await probe();
      return true;
    } catch (e) {
      if (e.status !== 403) throw e;
    }
  }
  return false;
}

// scopedServices pages one group's services (the v2 list has names only,
// no search), filters by name here, and counts each listed service's
// instances from its (enabled) instance list.
async function scopedServices(call, q) {
  const group = q.groupNameParam || DEFAULT_GROUP;
  const all = await call('GET', V2NS + '/service/list', { namespaceId: q.namespaceId, groupName: group, pageNo: 1, pageSize: V2_MAX_PAGE });
  const names = (all.services || []).filter((n) => n.includes(q.serviceNameParam || '')).sort();
  const size = q.pageSize || names.length || 1;
  const start = ((q.pageNo || 1) - 1) * size;
  const pageItems = await Promise.all(names.slice(start, start + size).map(async (name) => {
    const info = await call('GET', V2NS + '/instance/list', { namespaceId: q.namespaceId, groupName: group, serviceName: name });
    const hosts = info.hosts || [];
    return { name, groupName: group, clusterCount: new Set(hosts.map((h) => h.clusterName)).size,
      ipCount: hosts.length, healthyInstanceCount: hosts.filter((h) => h.healthy).length };
  }));
  return { totalCount: names.length, pageNumber: q.pageNo || 1, pagesAvailable: Math.ceil(names.length / size), pageItems };
}

// scopedUpdateInstance: the v2 update merges the metadata given into the
// instance's, so keys the user removed (from before, the instance as
// listed) are removed after it by the v2 metadata batch delete, aimed at
// this one instance (an empty instances list would aim at every one).
async function scopedUpdateInstance(call, params, before) {
  await call('PUT', V2NS + '/instance', params);
  const next = JSON.parse(params.metadata || '{}');
  const gone = Object.keys((before && before.metadata) || {}).filter((k) => !(k in next));
  if (!gone.length) return;
  await call('DELETE', V2NS + '/instance/metadata/batch', {
    namespaceId: params.namespaceId, groupName: params.groupName, serviceName: params.serviceName,
    consistencyType: params.ephemeral ? 'ephemeral' : 'persist',
    instances: JSON.stringify([{ ip: params.ip, port: params.port, clusterName: params.clusterName }]),
    metadata: JSON.stringify(Object.fromEntries(gone.map((k) => [k, '']))),
  });
}

const instanceId = (h) => `${h.clusterName}/${h.ip}:${h.port}`;

// scopedInstances lists the enabled instances, plus those seen before and
// missing now whose detail still answers: disabled ones, which the open
// list leaves out but which the user must be able to enable again.
async function scopedInstances(call, seen, key) {
  const info = await call('GET', V2NS + '/instance/list', key);
  const hosts = (info.hosts || []).map((h) => ({ ...h, metadata: h.metadata || {} }));
  const skey = [key.namespaceId, key.groupName, key.serviceName].join('/');
  const before = seen.get(skey) || new Map();
  const listed = new Set(hosts.map(instanceId));
  const missing = [...before.values()].filter((h) => !listed.has(instanceId(h)));
  const back = await Promise.all(missing.map((h) => call('GET', V2NS + '/instance', {
    ...key, ip: h.ip, port: h.port, clusterName: h.clusterName,
  }).then((d) => ({ ...h, weight: d.weight, healthy: d.healthy, metadata: d.metadata || {}, enabled: false }), (e) => {
    if (e.status === 404) return null; // deregistered: forget it
    throw e;
  })));
  const rows = hosts.concat(back.filter(Boolean)).sort((a, b) => instanceId(a).localeCompare(instanceId(b)));
  seen.set(skey, new Map(rows.map((h) => [instanceId(h), h])));
  return rows;
}
