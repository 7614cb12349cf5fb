// Where an API error belongs in a form: CSE and governance errors start
// with the path of the field at fault ("listeners[1].port: must be ...",
// "pluginConfig: the plugin refused ..."), which the form shows next to
// that field.

// placeError maps an API error to the field its detail names: the field
// with the longest of its paths that is a prefix of the detail's path, at
// a segment boundary; "_" (the top of the form) when none.
export function placeError(fields, e) {
  const detail = String(e.detail || e.message || e);
  const m = /^([A-Za-z_][\w.[\]-]*): /.exec(detail);
  if (!m) return { _: detail };
  const path = m[1];
  let best = null;
  let len = -1;
  for (const f of fields) {
    for (const p of f.paths || [f.name]) {
      const hit = path === p || path.startsWith(p + '.') || path.startsWith(p + '[');
      if (hit && p.length > len) {
        best = f.name;
        len = p.length;
      }
    }
  }
  return best ? { [best]: detail } : { _: detail };
}
