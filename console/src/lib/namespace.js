// The namespace picked in the shell, kept for the tab.
import { useEffect, useState } from 'preact/hooks';

const KEY = 'causeway.namespace';
const listeners = new Set();

export function currentNamespace() {
  return sessionStorage.getItem(KEY) || 'public';
}

export function setNamespace(ns) {
  sessionStorage.setItem(KEY, ns);
  listeners.forEach((f) => f(ns));
}

export function useNamespace() {
  const [ns, setNs] = useState(currentNamespace);
  useEffect(() => {
    listeners.add(setNs);
    return () => listeners.delete(setNs);
  }, []);
  return ns;
}

// The namespaces page says when the list changed, so the picker reloads.
const changes = new Set();

export function namespacesChanged() {
  changes.forEach((f) => f());
}

export function onNamespacesChanged(f) {
  changes.add(f);
  return () => changes.delete(f);
}
