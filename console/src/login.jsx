// The login page: Nacos v1 login, the users every API knows.
import { useState } from 'preact/hooks';
import { login } from './lib/api.js';
import { saveSession } from './lib/session.js';

export function Login({ reason }) {
  const [username, setUsername] = useState('nacos');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(reason);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    try {
      saveSession(await login(username, password));
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="login" id="login" onSubmit={submit}>
      <h1>Causeway</h1>
      {error && <div class="banner" role="alert">{error}</div>}
      <label>
        <span>Username</span>
        <input name="username" autocomplete="username" value={username} onInput={(e) => setUsername(e.target.value)} />
      </label>
      <label>
        <span>Password</span>
        <input name="password" type="password" autocomplete="current-password" value={password}
          onInput={(e) => setPassword(e.target.value)} />
      </label>
      <button type="submit" class="primary" disabled={busy}>Log in</button>
    </form>
  );
}
