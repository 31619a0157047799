// Shared by the search benchmarks (bench/measure.mjs, bench/paired.mjs),
// not a test: a query timed in the page that shows it.

/**
 * Submit `q` in the page and wait for the results; returns ms in the page's
 * clock, and the search data requested meanwhile ({path, start, end}: ms
 * from submitting; `start` when the page called fetch(), where the page
 * records it (`window.__fetchCalls`, see freshPage() in bench/measure.mjs),
 * as resource timing starts a request only when one of the six connections
 * to the server is free, else from resource timing; `end` from resource
 * timing). With `typed`, the query is already in the search box.
 */
export async function timedQuery(page, q, typed = false) {
  return page.evaluate(([q, typed]) => new Promise((resolve) => {
    const results = document.getElementById('search-results');
    const input = document.getElementById('search-input');
    let t0 = 0;
    performance.setResourceTimingBufferSize(10000);
    const done = () => {
      if (results.getAttribute('aria-busy') !== 'false') return;
      observer.disconnect();
      const ms = performance.now() - t0;
      const called = new Map();
      for (const [url, at] of window.__fetchCalls || []) if (at >= t0 && !called.has(url)) called.set(url, at);
      const fetches = performance.getEntriesByType('resource')
        .filter((e) => e.startTime >= t0 && /\/search\/.*\.(json|bin)$/.test(new URL(e.name).pathname))
        .map((e) => ({ path: new URL(e.name).pathname, start: (called.get(e.name) ?? e.startTime) - t0, end: e.responseEnd - t0, protocol: e.nextHopProtocol }));
      resolve({ ms, fetches });
    };
    const observer = new MutationObserver(done);
    observer.observe(results, { attributes: true, attributeFilter: ['aria-busy'] });
    if (!typed) input.value = q;
    t0 = performance.now();
    document.getElementById('search-form').requestSubmit();
  }), [q, typed]);
}
