// Data hooks shared by pages.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { showError } from './banner.js';

// useLoad runs load() when deps change and, with every (ms), again on that
// period for live pages (polling: the APIs the console uses have no
// browser-friendly stream). Failures go to the banner; the last data stays.
export function useLoad(load, deps, every = 0) {
  const [data, setData] = useState(null);
  const [loading, setLoading] = useState(true);
  const seq = useRef(0);
  const run = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const d = await load();
      if (mine === seq.current) setData(d);
    } catch (e) {
      if (mine === seq.current) showError(e);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, deps);
  useEffect(() => {
    setLoading(true);
    run();
    if (!every) return undefined;
    // A hidden tab does not poll: nobody is looking, and the server has
    // enough clients that are.
    const t = setInterval(() => document.hidden || run(), every);
    return () => {
      clearInterval(t);
      seq.current++;
    };
  }, [run, every]);
  return [data, run, loading];
}

// useAction wraps an async action: errors go to the banner, done() runs
// after success (usually a reload).
export function useAction(done) {
  const [busy, setBusy] = useState(false);
  const act = async (f) => {
    setBusy(true);
    try {
      await f();
      if (done) await done();
      return true;
    } catch (e) {
      showError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return [act, busy];
}
