// A hash router: #/path?query. Each page file registers itself with page();
// pages/index.js imports the page files, which is all it takes to add one.
import { useEffect, useState } from 'preact/hooks';

const pages = [];

// page registers {path, title, component, nav (shown in the nav, default
// true), order (nav position)}.
export function page(def) {
  pages.push({ nav: true, order: 100, ...def });
}

export function navPages() {
  return pages.filter((p) => p.nav).sort((a, b) => a.order - b.order);
}

export function parse(hash) {
  const h = (hash || '').replace(/^#/, '') || '/';
  const [path, query = ''] = h.split('?');
  const clean = path.replace(/^\/+|\/+$/g, '');
  return { path: clean, query: Object.fromEntries(new URLSearchParams(query)) };
}

export function find(path) {
  return pages.find((p) => p.path === path) || pages.find((p) => p.path === '') || null;
}

// href builds a link to a page with its query.
export function href(path, query = {}) {
  const q = new URLSearchParams(
    Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ).toString();
  return '#/' + path + (q ? '?' + q : '');
}

export function go(path, query) {
  location.hash = href(path, query);
}

export function useRoute() {
  const [r, setR] = useState(() => parse(location.hash));
  useEffect(() => {
    const f = () => setR((cur) => {
      const next = parse(location.hash);
      return JSON.stringify(next) === JSON.stringify(cur) ? cur : next;
    });
    addEventListener('hashchange', f);
    // The hash may have changed between the first render and this effect
    // (a link followed while the page mounted): read it once more.
    f();
    return () => removeEventListener('hashchange', f);
  }, []);
  return r;
}
