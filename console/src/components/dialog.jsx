// A modal form: fields are {name, label, type ('text', 'textarea',
// 'number', 'select', 'checkbox'), options, readonly}; onSubmit gets the
// values and closes the dialog when it resolves true.
import { useState } from 'preact/hooks';

export function Dialog({ title, fields, initial = {}, submit = 'Save', onSubmit, onClose }) {
  const [values, setValues] = useState(initial);
  const [busy, setBusy] = useState(false);
  const set = (name, v) => setValues({ ...values, [name]: v });
  const send = async (e) => {
    e.preventDefault();
    setBusy(true);
    const ok = await onSubmit(values);
    setBusy(false);
    if (ok) onClose();
  };
  return (
    <div class="overlay" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <form class="dialog" onSubmit={send} aria-label={title}>
        <h2>{title}</h2>
        {fields.map((f) => (
          <label key={f.name} class={f.type === 'checkbox' ? 'check' : ''}>
            <span>{f.label}</span>
            <Field f={f} value={values[f.name]} set={(v) => set(f.name, v)} />
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

function Field({ f, value, set }) {
  const common = { name: f.name, readOnly: f.readonly, disabled: f.readonly && f.type === 'select' };
  switch (f.type) {
    case 'textarea':
      return <textarea {...common} rows={f.rows || 10} value={value ?? ''} onInput={(e) => set(e.target.value)} />;
    case 'checkbox':
      return <input {...common} type="checkbox" checked={!!value} onChange={(e) => set(e.target.checked)} />;
    case 'select':
      return (
        <select {...common} value={value ?? ''} onChange={(e) => set(e.target.value)}>
          {f.options.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      );
    default:
      return <input {...common} type={f.type || 'text'} step={f.step} value={value ?? ''} onInput={(e) => set(e.target.value)} />;
  }
}
