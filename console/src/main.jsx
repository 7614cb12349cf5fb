// The console's entry: decides between the login page and the shell.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { authRequired } from './lib/api.js';
import { onSession, session } from './lib/session.js';
import { Login } from './login.jsx';
import { Shell } from './shell.jsx';
import './pages/index.js';

function App() {
  // phase: 'checking' until we know whether the server wants a login.
  const [phase, setPhase] = useState(session() ? 'ready' : 'checking');
  const [reason, setReason] = useState('');
  const [authOff, setAuthOff] = useState(false);
  useEffect(() => {
    if (phase === 'checking') {
      authRequired()
        .then((need) => {
          setAuthOff(!need);
          setPhase(need ? 'login' : 'ready');
        })
        .catch(() => setPhase('login'));
    }
    return onSession((s, why) => {
      setReason(why || '');
      setPhase(s ? 'ready' : 'login');
    });
  }, []);
  if (phase === 'checking') return <p class="empty">Loading…</p>;
  if (phase === 'login') return <Login reason={reason} />;
  return <Shell authOff={authOff} />;
}

render(<App />, document.getElementById('app'));
