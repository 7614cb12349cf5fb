// Unit tests of the nodes page's reading of ACK and NACK state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shortType, typeStates } from '../src/lib/xds.js';

const C = 'type.googleapis.com/envoy.config.cluster.v3.Cluster';
const L = 'type.googleapis.com/envoy.config.listener.v3.Listener';

test('short type names', () => {
  assert.equal(shortType(C), 'Cluster');
});

test('ACK, NACK and pending per type', () => {
  const cases = [
    { name: 'acked', node: { sent: { [C]: '3' }, acked: { [C]: '3' } }, want: [['ACK', '']] },
    { name: 'rejected', node: { sent: { [C]: '4' }, acked: { [C]: '3' }, lastNack: C + ': bad cluster' }, want: [['NACK', 'bad cluster']] },
    { name: 'in flight', node: { sent: { [C]: '4' }, acked: { [C]: '3' } }, want: [['pending', '']] },
    { name: 'an old NACK of another type', node: { sent: { [C]: '4', [L]: '1' }, acked: { [L]: '1' }, lastNack: L + ': x' },
      want: [['pending', ''], ['ACK', '']] },
    { name: 'a NACK since acked again', node: { sent: { [C]: '5' }, acked: { [C]: '5' }, lastNack: C + ': old' }, want: [['ACK', '']] },
  ];
  for (const c of cases) {
    assert.deepEqual(typeStates(c.node).map((s) => [s.state, s.error]), c.want, c.name);
  }
});
