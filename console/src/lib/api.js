// The one way pages call the server. It sends the session's token, decodes
// the envelopes of the APIs the console uses (Nacos {code, message, data},
// Spring-style errors, Causeway's {error_msg}, plain text) and turns every
// failure into an ApiError carrying the server's own message.
import { session, endSession } from './session.js';

export class ApiError extends Error {
  constructor(status, message, detail) {
    super(message);
    this.status = status;
    // detail is the CSE error's detail ("field: why"), for pages that
    // show an error next to the field at fault.
    this.detail = detail || message;
  }
}

// Nacos v3 admin API base paths.
export const V3 = '/nacos/v3/admin';

// api calls method path with params: in the query for GET and DELETE, as a
// form body otherwise (what the Nacos APIs read). opts.json sends that value
// as a JSON body instead (the CSE API), opts.body a raw body (a Blob, such
// as an uploaded file); opts.headers adds headers.
export async function api(method, path, params = {}, opts = {}) {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null) form.append(k, String(v));
  }
  const headers = { ...(opts.headers || {}) };
  const s = session();
  if (s && s.token) headers.Authorization = 'Bearer ' + s.token;
  let url = path;
  let body;
  if (opts.body !== undefined) {
    const q = form.toString();
    if (q) url += (url.includes('?') ? '&' : '?') + q;
    headers['Content-Type'] = 'application/octet-stream';
    body = opts.body;
  } else if (opts.json !== undefined) {
    const q = form.toString();
    if (q) url += (url.includes('?') ? '&' : '?') + q;
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (method === 'GET' || method === 'DELETE') {
    const q = form.toString();
    if (q) url += (url.includes('?') ? '&' : '?') + q;
  } else {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = form.toString();
  }
  let res;
  try {
    res = await fetch(url, { method, headers, body });
  } catch (e) {
    throw new ApiError(0, 'the server did not answer: ' + e.message);
  }
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = undefined;
  }
  if (!res.ok || (json && typeof json.code === 'number' && json.code !== 0 && 'message' in json)) {
    const err = new ApiError(res.status, messageOf(json, text, res), json && json.detail);
    if (opts.expiry !== false && expired(err, s)) endSession('Your session has ended: ' + err.message);
    throw err;
  }
  if (json && typeof json === 'object' && 'code' in json && 'data' in json) return json.data;
  return json === undefined ? text : json;
}

function messageOf(json, text, res) {
  if (json && typeof json === 'object') {
    const m = json.message || json.error_msg || json.errorMessage || json.msg || json.error;
    // CSE answers a generic error_msg and the reason in detail.
    if (m && json.detail) return m + ': ' + json.detail;
    if (m) return String(m);
  }
  return (text && text.trim()) || res.status + ' ' + res.statusText;
}

// expired tells a refused token (401, or Nacos's 403 "token expired!",
// "token invalid!", "user not found!") from a refused action.
function expired(err, s) {
  if (err.status === 401) return true;
  if (err.status !== 403) return false;
  return !s || /token|user not found|unknown user/i.test(err.message);
}

// login asks the Nacos v1 login (the same users as every API). globalAdmin
// is kept in the session: lib/ops.js picks the APIs a user may call by it.
export async function login(username, password) {
  const data = await api('POST', '/nacos/v1/auth/login', { username, password }, { expiry: false });
  return { token: data.accessToken, username: data.username || username, ttl: data.tokenTtl, globalAdmin: !!data.globalAdmin };
}

// authRequired answers whether the server wants a login: a call without a
// token is refused only when auth is on.
export async function authRequired() {
  const res = await fetch(V3 + '/core/state');
  return res.status === 401 || res.status === 403;
}
