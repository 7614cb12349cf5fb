// A modal form whose errors show in place: a refused save puts the
// server's reason next to the field it names (CSE details start with the
// field's path, "listeners[1].port: ..." or "pluginConfig: ..."), a JSON
// field that does not parse says so under itself, and what names no field
// shows at the top of the form. Every server error also goes to the banner.
//
// fields: {name, label, type ('text', 'number', 'select', 'textarea',
// 'json', 'checkbox', 'file', 'rows'), options, rows, readonly, hint, paths (the
// API field paths whose errors belong here; default [name]), onFile(file,
// setField) for a file field, columns ({name, label, type, options}) and
// blank (a new row) for a rows field, whose value is an array of objects.
import { useState } from 'preact/hooks';
import { clearError, showError } from '../lib/banner.js';
import { placeError } from '../lib/fields.js';

export function FormDialog({ id, title, fields, initial = {}, submit = 'Save', onSubmit, onClose }) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState({});
  const [busy, setBusy] = useState(false);
  const set = (name, v) => setValues((old) => ({ ...old, [name]: v }));
  const send = async (ev) => {
    ev.preventDefault();
    const [parsed, bad] = parseJSONFields(fields, values);
    setErrors(bad);
    if (Object.keys(bad).length) return;
    setBusy(true);
    try {
      await onSubmit(parsed);
      clearError(); // an error of an earlier try is past
      onClose();
    } catch (e) {
      setErrors(placeError(fields, e));
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="overlay" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <form class="dialog wide" id={id} onSubmit={send} aria-label={title}>
        <h2>{title}</h2>
        {errors._ && <p class="field-error form-error">{errors._}</p>}
        {fields.map((f) => (
          <label key={f.name} data-field={f.name} class={f.type === 'checkbox' ? 'check' : ''}>
            <span>{f.label}</span>
            <Field f={f} value={values[f.name]} error={errors[f.name]} set={(v) => set(f.name, v)} setField={set} setError={(m) => setErrors({ ...errors, [f.name]: m })} />
            {f.hint && <small class="muted">{f.hint}</small>}
            {errors[f.name] && <span class="field-error">{errors[f.name]}</span>}
          </label>
        ))}
        <div class="buttons">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="submit" class="primary" disabled={busy}>{submit}</button>
        </div>
      </form>
    </div>
  );
}

function Field({ f, value, error, set, setField, setError }) {
  const common = { name: f.name, readOnly: f.readonly };
  switch (f.type) {
    case 'textarea':
    case 'json':
      return <textarea {...common} class="code" rows={f.rows || 8} value={value ?? ''} onInput={(e) => set(e.target.value)} />;
    case 'checkbox':
      return <input {...common} type="checkbox" checked={!!value} onChange={(e) => set(e.target.checked)} />;
    case 'rows':
      return <Rows f={f} value={value || []} set={set} error={error} />;
    case 'select':
      return (
        <select {...common} disabled={f.readonly} value={value ?? ''} onChange={(e) => set(e.target.value)}>
          {f.options.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      );
    case 'file':
      // onFile(file, setField) handles the chosen file; value is what to
      // say about it.
      return (
        <span class="file">
          <input name={f.name} type="file" accept={f.accept} onChange={async (e) => {
            const file = e.target.files[0];
            if (!file) return;
            try {
              await f.onFile(file, setField);
              setError(null);
            } catch (err) {
              setError(err.message);
              showError(err);
            }
          }} />
          {value && <span class="muted file-state">{value}</span>}
        </span>
      );
    default:
      return <input {...common} type={f.type || 'text'} step={f.step} value={value ?? ''} onInput={(e) => set(e.target.value)} />;
  }
}

// parseJSONFields answers the values with every json field parsed (an
// empty one is undefined), and the fields that do not parse.
function parseJSONFields(fields, values) {
  const out = { ...values };
  const bad = {};
  for (const f of fields) {
    if (f.type !== 'json') continue;
    const text = String(values[f.name] ?? '').trim();
    if (!text) {
      out[f.name] = undefined;
      continue;
    }
    try {
      out[f.name] = JSON.parse(text);
    } catch (e) {
      bad[f.name] = 'Not JSON: ' + e.message;
    }
  }
  return [out, bad];
}

// Rows edits an array of objects as a small table: one input a column,
// a row added with f.blank, removed with its button. Inputs are named
// column-index (port-0) and number columns hold numbers; the input an
// error names ("listeners[1].port: ...") is marked.
function Rows({ f, value, set, error }) {
  const at = /^[\w.]+\[(\d+)\]\.(\w+)/.exec(error || '');
  const bad = (i, c) => !!at && Number(at[1]) === i && at[2] === c.name;
  const change = (i, col, v) => set(value.map((r, j) => (j === i ? { ...r, [col.name]: col.type === 'number' ? Number(v) : v } : r)));
  return (
    <span class="rows">
      <table>
        <thead><tr>{f.columns.map((c) => <th key={c.name}>{c.label}</th>)}<th /></tr></thead>
        <tbody>
          {value.map((r, i) => (
            <tr key={i}>
              {f.columns.map((c) => (
                <td key={c.name}>
                  {c.type === 'select'
                    ? <select name={`${c.name}-${i}`} class={bad(i, c) ? 'bad-input' : ''} value={r[c.name] ?? ''} onChange={(e) => change(i, c, e.target.value)}>
                      {c.options.map((o) => <option key={o} value={o}>{o}</option>)}
                    </select>
                    : <input name={`${c.name}-${i}`} class={bad(i, c) ? 'bad-input' : ''} type={c.type || 'text'} value={r[c.name] ?? ''} onInput={(e) => change(i, c, e.target.value)} />}
                </td>
              ))}
              <td><button type="button" aria-label="Remove" onClick={() => set(value.filter((_, j) => j !== i))}>×</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" class="add-row" onClick={() => set([...value, { ...f.blank }])}>Add</button>
    </span>
  );
}
