// What the nodes pages make of /causeway/v1/xds/nodes.

// shortType is the last part of a type URL (Cluster, Listener, ...).
export const shortType = (url) => url.slice(url.lastIndexOf('.') + 1);

// nackOf answers a node's standing NACK of a type, {version, error, at},
// or null. The server keeps one per type in `nacks` until the type is ACKed
// at a newer version; a server before that keeps only `lastNack`
// ("typeURL: error", kept after later ACKs), which counts only while the
// type is not ACKed at the version sent.
export function nackOf(n, type) {
  if (n.nacks) return n.nacks[type] || null;
  const prefix = type + ': ';
  if (!n.lastNack || !n.lastNack.startsWith(prefix)) return null;
  const sent = (n.sent || {})[type] || '';
  if (sent && sent === (n.acked || {})[type]) return null;
  return { version: '', error: n.lastNack.slice(prefix.length), at: '' };
}

// typeStates answers [{type, sent, acked, state, error, at}] for one node:
// NACK while the node refuses the version last sent of the type; ACK when
// it acknowledged that version; pending otherwise (sent, not answered yet,
// which includes a newer version sent after a NACK).
export function typeStates(n) {
  const sentBy = n.sent || {};
  const ackedBy = n.acked || {};
  const types = [...new Set([...Object.keys(sentBy), ...Object.keys(ackedBy), ...Object.keys(n.nacks || {})])].sort();
  return types.map((type) => {
    const sent = sentBy[type] || '';
    const acked = ackedBy[type] || '';
    const nack = nackOf(n, type);
    if (nack && (!nack.version || nack.version === sent)) {
      return { type, sent, acked, state: 'NACK', error: nack.error, at: nack.at };
    }
    if (sent && sent === acked) return { type, sent, acked, state: 'ACK', error: '', at: '' };
    return { type, sent, acked, state: 'pending', error: '', at: '' };
  });
}

// stateClass is the CSS class of a state.
export const stateClass = (state) => ({ ACK: 'ok', NACK: 'bad' }[state] || 'warn');

// when renders a NACK's time, '' when the server gave none.
export const when = (at) => (at ? new Date(at).toLocaleString() : '');
