'use strict';
// Drives the npm nacos client (naming and config) against one server and
// prints what it saw as one JSON line, for test/e2e/nacos_node_test.go.
// This client authenticates only by sending username and password with
// every request. Environment: NACOS_ADDR (host:port), NACOS_USER,
// NACOS_PASS, NACOS_BAD_PASS (a wrong password to try as well).
const { NacosNamingClient, NacosConfigClient } = require('nacos');

const addr = process.env.NACOS_ADDR;
const username = process.env.NACOS_USER;

// The clients log failed calls (status and body) as warnings and then
// throw a generic error: keep the warnings, they carry the server's answer.
function logger(sink) {
  const keep = (...args) => sink.push(args.map(a => (a instanceof Error ? a.message : String(a))).join(' '));
  return { info() {}, debug() {}, log() {}, warn: keep, error: keep };
}

async function naming(password, out) {
  const warnings = [];
  const client = new NacosNamingClient({ logger: logger(warnings), serverList: addr, namespace: 'public', username, password });
  try {
    await client.ready();
    await client.registerInstance('node-svc', { ip: '10.9.9.9', port: 8080, metadata: { from: 'npm' } });
    const hosts = await client.getAllInstances('node-svc', 'DEFAULT_GROUP', '', false);
    out.hosts = hosts.map(h => `${h.ip}:${h.port}`);
  } catch (err) {
    out.error = err.message;
  } finally {
    out.warnings = warnings;
    client.close();
  }
}

async function config(password, out) {
  const client = new NacosConfigClient({ serverAddr: addr, namespace: '', username, password, requestTimeout: 5000 });
  try {
    out.published = await client.publishSingle('node-cfg', 'DEFAULT_GROUP', 'hello from npm');
    out.content = await client.getConfig('node-cfg', 'DEFAULT_GROUP');
  } catch (err) {
    out.error = err.message;
  } finally {
    client.close();
  }
}

(async () => {
  const result = { naming: {}, config: {}, badNaming: {}, badConfig: {} };
  await naming(process.env.NACOS_PASS, result.naming);
  await config(process.env.NACOS_PASS, result.config);
  await naming(process.env.NACOS_BAD_PASS, result.badNaming);
  await config(process.env.NACOS_BAD_PASS, result.badConfig);
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
})().catch(err => {
  process.stderr.write(String(err && err.stack) + '\n');
  process.exit(1);
});
