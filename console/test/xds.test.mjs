// Unit tests of the nodes pages' reading of ACK and NACK state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nackOf, shortType, typeStates } from '../src/lib/xds.js';

const C = 'type.googleapis.com/envoy.config.cluster.v3.Cluster';
const L = 'type.googleapis.com/envoy.config.listener.v3.Listener';
const AT = '2026-12-06T12:00:00Z';

test('short type names', () => {
  assert.equal(shortType(C), 'Cluster');
});

test('ACK, NACK and pending per type', () => {
  const cases = [
    { name: 'acked', node: { sent: { [C]: '3' }, acked: { [C]: '3' }, nacks: {} }, want: [['ACK', '', '']] },
    { name: 'rejected', node: { sent: { [C]: '4' }, acked: { [C]: '3' }, nacks: { [C]: { version: '4', error: 'bad cluster', at: AT } } },
      want: [['NACK', 'bad cluster', AT]] },
    { name: 'in flight', node: { sent: { [C]: '4' }, acked: { [C]: '3' }, nacks: {} }, want: [['pending', '', '']] },
    { name: 'two types rejected, neither hides the other',
      node: { sent: { [C]: '4', [L]: '2' }, acked: { [C]: '3', [L]: '1' },
        nacks: { [C]: { version: '4', error: 'bad cluster', at: AT }, [L]: { version: '2', error: 'cannot bind', at: AT } },
        lastNack: L + ': cannot bind' },
      want: [['NACK', 'bad cluster', AT], ['NACK', 'cannot bind', AT]] },
    { name: 'rejected, a newer version in flight', node: { sent: { [C]: '5' }, acked: { [C]: '3' }, nacks: { [C]: { version: '4', error: 'x', at: AT } } },
      want: [['pending', '', '']] },
    { name: 'lastNack of a type since ACKed, nacks cleared', node: { sent: { [C]: '5' }, acked: { [C]: '5' }, nacks: {}, lastNack: C + ': old' },
      want: [['ACK', '', '']] },
    { name: 'an old server: lastNack only', node: { sent: { [C]: '4', [L]: '1' }, acked: { [C]: '3', [L]: '1' }, lastNack: C + ': bad' },
      want: [['NACK', 'bad', ''], ['ACK', '', '']] },
    { name: 'an old server: lastNack since ACKed', node: { sent: { [C]: '5' }, acked: { [C]: '5' }, lastNack: C + ': old' },
      want: [['ACK', '', '']] },
  ];
  for (const c of cases) {
    assert.deepEqual(typeStates(c.node).map((s) => [s.state, s.error, s.at]), c.want, c.name);
  }
});

test('nackOf reads nacks, or lastNack from an old server', () => {
  assert.deepEqual(nackOf({ nacks: { [L]: { version: '2', error: 'e', at: AT } } }, L), { version: '2', error: 'e', at: AT });
  assert.equal(nackOf({ nacks: {}, lastNack: L + ': e' }, L), null);
  assert.deepEqual(nackOf({ sent: { [L]: '2' }, acked: {}, lastNack: L + ': e' }, L), { version: '', error: 'e', at: '' });
});
