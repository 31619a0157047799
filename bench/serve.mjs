// The static server of the search benchmarks (bench/measure.mjs,
// bench/paired.mjs), not a test: serves a built site on 127.0.0.1, JSON,
// HTML, JS and CSS gzipped (as GitHub Pages serves them; term files and blocks,
// binary, go as they are), nothing cached by the browser.
import http from 'node:http';
import http2 from 'node:http2';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import fss from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

/** A throwaway self-signed certificate for 127.0.0.1. */
function tlsOptions() {
  const dir = fss.mkdtempSync(path.join(os.tmpdir(), 'measure-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  const options = { key: fss.readFileSync(path.join(dir, 'key.pem')), cert: fss.readFileSync(path.join(dir, 'cert.pem')) };
  fss.rmSync(dir, { recursive: true });
  return options;
}

/** The file of client `searchJs` (a folder or a file, see serveSite) served at `pathname` under /static/, if any. */
function clientFile(searchJs, pathname) {
  if (!fss.statSync(searchJs).isDirectory()) return pathname === '/static/search.js' ? searchJs : null;
  const file = path.join(searchJs, decodeURIComponent(pathname.slice('/static/'.length)));
  return file.startsWith(searchJs + path.sep) && fss.existsSync(file) ? file : null;
}

/**
 * Serves `site` (an absolute path). Options: `searchJs`, another search
 * client than the site's: a folder (the repository's static/, say), whose
 * files are served in place of the site's /static/ files of the same names
 * (static/search.js and static/search/*.js), or a file, served as
 * /static/search.js (a client of before the ES modules); `http2`, HTTP/2 over TLS (as
 * GitHub Pages serves) instead of HTTP/1.1, where Chromium opens at most six
 * connections to a host and queues the other requests; `gzipped`, a Map
 * from absolute file paths to their gzipped bytes, filled as files are
 * asked for (fill it ahead to answer from memory); `onRequest`, called
 * with {path, raw, sent, serverMs} for each file served. Resolves to
 * {server, origin}.
 */
export async function serveSite(site, { searchJs = '', http2: useHttp2 = false, gzipped = new Map(), onRequest = () => {} } = {}) {
  const handler = async (req, res) => {
    const arrived = performance.now();
    const url = new URL(req.url, 'http://x');
    let file = path.join(site, decodeURIComponent(url.pathname));
    if (!file.startsWith(site)) { res.writeHead(404); res.end(); return; }
    if (searchJs && url.pathname.startsWith('/static/')) file = clientFile(searchJs, url.pathname) || file;
    try {
      if ((await fs.stat(file)).isDirectory()) file = path.join(file, 'index.html');
      let body = await fs.readFile(file);
      const raw = body.length;
      const headers = { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' };
      if (/gzip/.test(req.headers['accept-encoding'] || '') && /\.(json|html|js|css)$/.test(file)) {
        if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(body, { level: 6 }));
        body = gzipped.get(file);
        headers['content-encoding'] = 'gzip';
      }
      headers['content-length'] = body.length;
      res.writeHead(200, headers);
      res.end(body);
      onRequest({ path: url.pathname, raw, sent: body.length, serverMs: performance.now() - arrived });
    } catch {
      res.writeHead(404);
      res.end();
    }
  };
  const server = useHttp2 ? http2.createSecureServer(tlsOptions(), handler) : http.createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `${useHttp2 ? 'https' : 'http'}://127.0.0.1:${server.address().port}` };
}
