// What the nodes page makes of /causeway/v1/xds/nodes.

// shortType is the last part of a type URL (Cluster, Listener, ...).
export const shortType = (url) => url.slice(url.lastIndexOf('.') + 1);

// typeStates answers [{type, sent, acked, state, error}] for one node:
// ACK when the node acknowledged the version last sent; NACK when it has not
// and its last rejection was of this type (the server keeps one, as
// "typeURL: error"); pending otherwise.
export function typeStates(n) {
  const sentBy = n.sent || {};
  const ackedBy = n.acked || {};
  const types = [...new Set([...Object.keys(sentBy), ...Object.keys(ackedBy)])].sort();
  return types.map((type) => {
    const sent = sentBy[type] || '';
    const acked = ackedBy[type] || '';
    if (sent && sent === acked) return { type, sent, acked, state: 'ACK', error: '' };
    const prefix = type + ': ';
    if (n.lastNack && n.lastNack.startsWith(prefix)) {
      return { type, sent, acked, state: 'NACK', error: n.lastNack.slice(prefix.length) };
    }
    return { type, sent, acked, state: 'pending', error: '' };
  });
}
