// Serves a folder with Debian's nginx under a sub-path (http://127.0.0.1:PORT/kb/), as a web host
// would: a throwaway prefix directory holds the config, pid, logs and temp paths; no root needed.
'use strict';
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const http = require('http');
const { spawn } = require('child_process');

const NGINX = process.env.KB_NGINX || '/usr/sbin/nginx';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function get(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(0));
    req.setTimeout(1000, () => { req.destroy(); resolve(0); });
  });
}

async function start(siteDir, subPath = 'kb') {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-nginx-'));
  const port = await freePort();
  const site = path.resolve(siteDir);
  const user = process.getuid && process.getuid() === 0 ? 'user root;\n' : '';
  const conf = `${user}worker_processes 1;
daemon off;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events { worker_connections 128; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  types { application/javascript js; }
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  server {
    listen 127.0.0.1:${port};
    server_name localhost;
    location = /${subPath} { return 301 /${subPath}/; }
    location /${subPath}/ { alias ${site}/; index index.html; }
  }
}
`;
  const confFile = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(confFile, conf);
  const proc = spawn(NGINX, ['-p', prefix, '-c', confFile, '-e', path.join(prefix, 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  let exited = false;
  proc.on('exit', () => { exited = true; });
  const base = `http://127.0.0.1:${port}/${subPath}/`;
  for (let i = 0; i < 100; i++) {
    if (exited) break;
    if ((await get(base)) === 200) {
      const stop = async () => {
        if (!exited) {
          proc.kill('SIGQUIT');
          await new Promise((r) => { const t = setTimeout(() => { proc.kill('SIGKILL'); r(); }, 3000); proc.on('exit', () => { clearTimeout(t); r(); }); });
        }
        fs.rmSync(prefix, { recursive: true, force: true });
      };
      return { base, port, stop };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  proc.kill('SIGKILL');
  let log = '';
  try { log = fs.readFileSync(path.join(prefix, 'error.log'), 'utf8'); } catch (e) { /* none */ }
  fs.rmSync(prefix, { recursive: true, force: true });
  throw new Error(`nginx did not start on port ${port}: ${stderr} ${log}`);
}

module.exports = { start };
