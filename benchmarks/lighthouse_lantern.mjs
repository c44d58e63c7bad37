// What Lighthouse's simulated ("lantern") FCP and LCP of a page are made of, from the
// artifacts a gathering run saves (`lighthouse URL -G=DIR`, as lighthouse_compare.sh does
// with GATHER=1): each graph's network requests with their simulated start and end, and its
// main-thread tasks, with the optimistic and pessimistic estimates. The figure Lighthouse
// reports is their mean (and the LCP never earlier than the FCP). A benchmark's helper, not
// a test.
//
//   node benchmarks/lighthouse_lantern.mjs ARTIFACTS_DIR...   (LH_DIR as lighthouse_compare.sh)
const lh = `${process.env.LH_DIR || "/tmp/lh"}/node_modules/lighthouse/core`;
const {loadArtifacts} = await import(`${lh}/lib/asset-saver.js`);
const {ProcessedNavigation} = await import(`${lh}/computed/processed-navigation.js`);
const {LanternFirstContentfulPaint} = await import(`${lh}/computed/metrics/lantern-first-contentful-paint.js`);
const {LanternLargestContentfulPaint} = await import(`${lh}/computed/metrics/lantern-largest-contentful-paint.js`);

const ms = (x) => Math.round(x);
const kb = (x) => (x / 1024).toFixed(1);
const short = (url) => url.replace(/^https?:\/\/[^/]+/, "").replace(/^data:.*/, "data:").slice(0, 60);

function describe(label, graph, timings, t0) {
  const network = [], cpu = [];
  graph.traverse((node) => (node.type === "network" ? network : cpu).push(node));
  const end = Math.max(...[...timings.values()].map((t) => t.endTime));
  console.log(`  ${label}: ${ms(end)} ms; ${network.length} requests, ` +
              `${kb(network.reduce((sum, n) => sum + n.request.transferSize, 0))} KB`);
  for (const node of network.sort((a, b) => timings.get(a).startTime - timings.get(b).startTime)) {
    const t = timings.get(node);
    console.log(`    ${ms(t.startTime)}-${ms(t.endTime)}\t${kb(node.request.transferSize)} KB\t` +
                `${node.request.priority}\t${short(node.request.url)}`);
  }
  const busy = cpu.reduce((sum, n) => sum + (timings.get(n).endTime - timings.get(n).startTime), 0);
  const scripts = [...new Set(cpu.flatMap((n) => [...n.getEvaluateScriptURLs()]))].map(short);
  console.log(`    main thread: ${cpu.length} tasks, ${ms(busy)} ms simulated; ` +
              `scripts evaluated: ${scripts.join(", ") || "none"}`);
  for (const node of cpu.sort((a, b) => timings.get(a).startTime - timings.get(b).startTime)) {
    const t = timings.get(node), kinds = {};
    for (const e of node.childEvents) kinds[e.name] = (kinds[e.name] || 0) + (e.dur || 0) / 1000;
    const top = Object.entries(kinds).sort((a, b) => b[1] - a[1]).slice(0, 4)
      .map(([k, v]) => `${k} ${ms(v)}`).join(", ");
    console.log(`    ${ms(t.startTime)}-${ms(t.endTime)}\ttask (observed ${ms((node.startTime - t0) / 1000)}+${ms(node.duration / 1000)} ms: ${top})`);
  }
}

for (const dir of process.argv.slice(2)) {
  const artifacts = await loadArtifacts(dir);
  const data = {trace: artifacts.Trace, devtoolsLog: artifacts.DevtoolsLog,
                gatherContext: artifacts.GatherContext, settings: artifacts.settings,
                URL: artifacts.URL, SourceMaps: artifacts.SourceMaps, simulator: null};
  const context = {computedCache: new Map(), settings: artifacts.settings};
  const fcp = await LanternFirstContentfulPaint.request(data, context);
  const lcp = await LanternLargestContentfulPaint.request(data, context);
  const navigation = await ProcessedNavigation.request(data.trace, context);
  const t0 = navigation.timestamps.timeOrigin;
  const observed = (k) => ms((navigation.timestamps[k] - t0) / 1000);
  console.log(`== ${dir}: FCP ${ms(fcp.timing)} ms, LCP ${ms(lcp.timing)} ms ` +
              `(observed ${observed("firstContentfulPaint")} and ${observed("largestContentfulPaint")} ms)`);
  for (const [name, metric] of [["FCP", fcp], ["LCP", lcp]]) {
    describe(`${name} optimistic`, metric.optimisticGraph, metric.optimisticEstimate.nodeTimings, t0);
    describe(`${name} pessimistic`, metric.pessimisticGraph, metric.pessimisticEstimate.nodeTimings, t0);
  }
}
