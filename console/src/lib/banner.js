// The error banner: any page reports a failure with showError and the shell
// shows the server's message until dismissed or the page changes.
const listeners = new Set();

export function showError(err) {
  const msg = err && err.message ? err.message : String(err);
  listeners.forEach((f) => f(msg));
}

export function clearError() {
  listeners.forEach((f) => f(null));
}

export function onError(f) {
  listeners.add(f);
  return () => listeners.delete(f);
}
