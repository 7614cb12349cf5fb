// The logged-in user: the token lives in sessionStorage, so it is gone when
// the tab closes and is never sent anywhere but this server's APIs.
const KEY = 'causeway.session';
const listeners = new Set();

export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY)) || null;
  } catch {
    return null;
  }
}

export function saveSession(s) {
  sessionStorage.setItem(KEY, JSON.stringify(s));
  listeners.forEach((f) => f(s));
}

// endSession forgets the token; reason is shown on the login page.
export function endSession(reason) {
  sessionStorage.removeItem(KEY);
  listeners.forEach((f) => f(null, reason));
}

export function onSession(f) {
  listeners.add(f);
  return () => listeners.delete(f);
}
