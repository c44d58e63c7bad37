#!/bin/sh
# What makes a page's largest contentful paint late, from Lighthouse JSON reports (as
# lighthouse_compare.sh leaves them in its $OUT): the LCP element and its phases, the
# render-blocking requests, the requests that finished before the LCP with their bytes, the
# page's bytes, and the main thread's work (by kind and by script). A benchmark's helper,
# not a test.
#
#   benchmarks/lighthouse_lcp.sh REPORT.json...
set -eu
for report in "$@"; do
  node -e '
    const r = require(process.argv[1]), a = r.audits;
    const ms = (x) => Math.round(x);
    const kb = (x) => (x / 1024).toFixed(1) + " KB";
    const lcpAudit = a["largest-contentful-paint-element"].details.items;
    const node = lcpAudit[0].items[0].node;
    const lcp = a["largest-contentful-paint"].numericValue;
    console.log(`== ${process.argv[1]}`);
    console.log(`LCP ${ms(lcp)} ms (observed ${a.metrics.details.items[0].observedLargestContentfulPaint}),` +
                ` FCP ${ms(a["first-contentful-paint"].numericValue)} ms, TBT ${ms(a["total-blocking-time"].numericValue)} ms`);
    console.log(`element: ${node.selector} [${node.boundingRect.top}-${node.boundingRect.bottom}px,` +
                ` ${node.boundingRect.width}x${node.boundingRect.height}] "${node.nodeLabel.slice(0, 60)}"`);
    console.log("phases: " + (lcpAudit[1] ? lcpAudit[1].items.map((p) => `${p.phase} ${ms(p.timing)}`).join(", ") : "-"));
    const blocking = (a["render-blocking-resources"].details || {}).items || [];
    console.log("render-blocking: " + (blocking.map((b) => `${b.url.replace(/.*\//, "")} ${kb(b.totalBytes)} ${ms(b.wastedMs)} ms`).join(", ") || "none"));
    const requests = a["network-requests"].details.items;
    const start = requests[0].networkRequestTime;
    console.log("requests (observed, ms from the first):");
    for (const q of requests)
      console.log(`  ${ms(q.networkRequestTime - start)}-${ms(q.networkEndTime - start)}\t${kb(q.transferSize)}\t${q.priority}\t${q.url.replace(/^https?:\/\/[^/]+/, "")}`);
    console.log(`total bytes: ${kb(a["total-byte-weight"].numericValue)}`);
    const main = a["mainthread-work-breakdown"].details.items;
    console.log("main thread: " + main.map((m) => `${m.groupLabel} ${ms(m.duration)}`).join(", "));
    const boot = a["bootup-time"].details.items;
    console.log("scripts: " + boot.map((b) => `${b.url.replace(/.*\//, "")} ${ms(b.total)} (eval ${ms(b.scripting)}, parse ${ms(b.scriptParseCompile)})`).join(", "));
    const chains = a["critical-request-chains"].details.longestChain;
    console.log(`longest chain: ${chains.length} requests, ${ms(chains.duration)} ms, ${kb(chains.transferSize)}`);
  ' "$report"
done
