// Shared by the browser tests: a static server for a built site and the
// system Chromium, launched so that it reaches nothing but that server.

import assert from 'node:assert/strict';
import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/** A static file server for `root` mounted at `base`, on 127.0.0.1 and a free port. */
export function serveSite(root, base) {
  const server = http.createServer(async (req, res) => {
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed');
    const url = new URL(req.url, 'http://127.0.0.1');
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(400, 'bad request');
    }
    if (pathname === base.slice(0, -1)) return send(301, '', { location: base + url.search });
    if (!pathname.startsWith(base) || pathname.includes('\0')) return send(404, 'not found');
    let file = path.resolve(root, '.' + path.posix.normalize('/' + pathname.slice(base.length)));
    if (file !== root && !file.startsWith(root + path.sep)) return send(404, 'not found');
    try {
      let stat = await fs.stat(file);
      if (stat.isDirectory()) {
        if (!pathname.endsWith('/')) return send(301, '', { location: url.pathname + '/' + url.search });
        file = path.join(file, 'index.html');
        stat = await fs.stat(file);
      }
      if (!stat.isFile()) return send(404, 'not found');
      const body = await fs.readFile(file);
      const type = CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
      return send(200, body, { 'content-type': type, 'content-length': body.length, 'cache-control': 'no-store' });
    } catch {
      return send(404, 'not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Launches the system Chromium headless, with no background networking. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.PRESSROOM_CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The site's base path from the environment, always with both slashes. */
export function basePath() {
  let b = (process.env.PRESSROOM_BASE || '/').trim();
  if (!b.startsWith('/')) b = '/' + b;
  if (!b.endsWith('/')) b += '/';
  return b;
}

/**
 * Serves a built site and launches Chromium: `{ origin, browser, inPage,
 * close }`, where `origin + base` is the site's home page and
 * `inPage(check)` runs `check(page)` in a fresh page that may only talk to
 * our server, then checks that the page met no script error, console error
 * or dialog (an alert() would mean injected markup ran).
 */
export async function openSite(root, base) {
  const server = await serveSite(root, base);
  const browser = await launchChromium();
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    browser,
    async inPage(check) {
      const context = await browser.newContext();
      await context.route('**/*', (route) =>
        route.request().url().startsWith(origin + '/') ? route.continue() : route.abort());
      const page = await context.newPage();
      page.setDefaultTimeout(20000);
      const problems = [];
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
      page.on('dialog', async (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        await dialog.dismiss();
      });
      try {
        await check(page);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * The search client's modules in a static/ folder (the repository's, or a
 * built site's, which may hold an archive's own versions), their exports
 * merged into one object.
 */
export async function loadClient(staticDir) {
  const names = ['text', 'format', 'shards', 'rank', 'lookup', 'warmup'];
  const modules = await Promise.all(names.map((name) => import(pathToFileURL(path.join(staticDir, 'search', `${name}.js`)).href)));
  return Object.assign({}, ...modules);
}
