// Unit tests of the gateway and governance pages' logic, run with node's
// test runner (go test ./console/ runs them).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orderPlugins, projectOf, splitList } from '../src/lib/cse.js';
import { placeError } from '../src/lib/fields.js';

test('the default namespace is project default, others keep their name', () => {
  assert.equal(projectOf('public'), 'default');
  assert.equal(projectOf(''), 'default');
  assert.equal(projectOf('team-a'), 'team-a');
});

test('plugins run by phase, then higher priority, then older', () => {
  const list = [
    { id: 'a', phase: 'UNSPECIFIED_PHASE', priority: 100 },
    { id: 'b', phase: 'AUTHZ', priority: 1 },
    { id: 'c', phase: 'AUTHN', priority: 0 },
    { id: 'd', phase: 'AUTHN', priority: 5 },
    { id: 'e', phase: 'AUTHN', priority: 0 },
    { id: 'f', phase: 'STATS', priority: -1 },
  ];
  assert.deepEqual(orderPlugins(list).map((p) => p.id), ['d', 'c', 'e', 'b', 'f', 'a']);
  assert.deepEqual(orderPlugins(null), []);
});

test('comma lists', () => {
  assert.deepEqual(splitList(' GET, POST ,,'), ['GET', 'POST']);
  assert.deepEqual(splitList(undefined), []);
});

const fields = [
  { name: 'listeners' },
  { name: 'pathValue', paths: ['match.path', 'match.path.value', 'match'] },
  { name: 'pathType', paths: ['match.path.type'] },
  { name: 'pluginConfig' },
];
const err = (detail) => ({ message: 'Invalid parameter(s): ' + detail, detail });

test('an error goes to the field whose path is the longest prefix of its own', () => {
  const cases = [
    ['listeners[1].port: must be 1-65535', 'listeners'],
    ['match.path.type: must be prefix, exact or regex', 'pathType'],
    ['match.path.value: must start with /', 'pathValue'],
    ['match.methods: unknown method', 'pathValue'],
    ['pluginConfig: the plugin refused this configuration: keys: must be an array', 'pluginConfig'],
  ];
  for (const [detail, field] of cases) assert.deepEqual(placeError(fields, err(detail)), { [field]: detail }, detail);
});

test('an error naming no field goes to the top of the form', () => {
  assert.deepEqual(placeError(fields, err('body: malformed JSON')), { _: 'body: malformed JSON' });
  assert.deepEqual(placeError(fields, err('listenersX: no')), { _: 'listenersX: no' });
  assert.deepEqual(placeError(fields, new Error('the server did not answer')), { _: 'the server did not answer' });
});

test('route rules in words, the highest precedence first', async () => {
  const { graySummary } = await import('../src/lib/gray.js');
  const rules = [
    { precedence: 1, route: [{ name: 'stable', weight: 80, tags: { version: '1.0.0' } }, { weight: 20, tags: { version: '2.0.0' } }] },
    { precedence: 2, match: { headers: { 'x-canary': { exact: 'true' }, 'x-user': { prefix: 'qa-' } } },
      route: [{ tags: { version: '2.0.0' } }] },
  ];
  assert.deepEqual(graySummary(rules), [
    'x-canary=true and x-user prefix qa-: 100% version=2.0.0',
    'every request: 80% version=1.0.0, 20% version=2.0.0',
  ]);
  assert.deepEqual(graySummary(undefined), []);
});
