// What Lighthouse's simulated ("lantern") FCP and LCP of a page are made of, from the
// artifacts of a run (lighthouse_compare.sh keeps them with GATHER=1; or `lighthouse URL
// -GA=DIR`). Lantern replays on a slow phone the part of the observed load it judges the
// paint waited for: for the FCP, the requests of render-blocking priority that ended before
// the observed first paint; for the LCP, every request that ended before the observed
// largest paint, except scripts evaluated after it (and the main-thread tasks of both). For
// each metric's optimistic and pessimistic graph (Lighthouse reports their mean, the LCP
// never below the FCP) this prints each request's simulated start and end, and each task
// with when it ran in the observed load. A benchmark's helper, not a test.
//
//   node benchmarks/lighthouse_lantern.mjs ARTIFACTS_DIR...   (LH_DIR as lighthouse_compare.sh)
const lh = `${process.env.LH_DIR || "/tmp/lh"}/node_modules/lighthouse/core`;
const {loadArtifacts} = await import(`${lh}/lib/asset-saver.js`);
const {ProcessedNavigation} = await import(`${lh}/computed/processed-navigation.js`);
const {LanternFirstContentfulPaint} =
  await import(`${lh}/computed/metrics/lantern-first-contentful-paint.js`);
const {LanternLargestContentfulPaint} =
  await import(`${lh}/computed/metrics/lantern-largest-contentful-paint.js`);

const ms = (x) => Math.round(x);
const kb = (x) => (x / 1024).toFixed(1);
const short = (url) => url.replace(/^https?:\/\/[^/]+/, "").replace(/^data:.*/, "data:");

function describe(label, graph, timings, origin) {
  const network = [], cpu = [];
  graph.traverse((node) => (node.type === "network" ? network : cpu).push(node));
  const byStart = (a, b) => timings.get(a).startTime - timings.get(b).startTime;
  const end = Math.max(...[...timings.values()].map((t) => t.endTime));
  const bytes = network.reduce((sum, node) => sum + node.request.transferSize, 0);
  console.log(`  ${label}: ${ms(end)} ms; ${network.length} requests, ${kb(bytes)} KB`);
  for (const node of network.sort(byStart)) {
    const t = timings.get(node);
    console.log(`    ${ms(t.startTime)}-${ms(t.endTime)}\t${kb(node.request.transferSize)} KB\t` +
                `${node.request.priority}\t${short(node.request.url)}`);
  }
  for (const node of cpu.sort(byStart)) {
    const t = timings.get(node), kinds = {};
    for (const event of node.childEvents) {
      kinds[event.name] = (kinds[event.name] || 0) + (event.dur || 0) / 1000;
    }
    const top = Object.entries(kinds).sort((a, b) => b[1] - a[1]).slice(0, 3)
      .map(([name, duration]) => `${name} ${ms(duration)}`).join(", ");
    const scripts = [...node.getEvaluateScriptURLs()].map(short).join(" ");
    console.log(`    ${ms(t.startTime)}-${ms(t.endTime)}\ttask at ${ms((node.startTime - origin) / 1000)}` +
                ` ms observed, ${ms(node.duration / 1000)} ms: ${top}${scripts && "; runs " + scripts}`);
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
  const {timestamps} = await ProcessedNavigation.request(data.trace, context);
  const observed = (key) => ms((timestamps[key] - timestamps.timeOrigin) / 1000);
  console.log(`== ${dir}: FCP ${ms(fcp.timing)} ms, LCP ${ms(lcp.timing)} ms (observed ` +
              `${observed("firstContentfulPaint")} and ${observed("largestContentfulPaint")} ms)`);
  for (const [name, metric] of [["FCP", fcp], ["LCP", lcp]]) {
    for (const kind of ["optimistic", "pessimistic"]) {
      describe(`${name} ${kind}`, metric[`${kind}Graph`], metric[`${kind}Estimate`].nodeTimings,
               timestamps.timeOrigin);
    }
  }
}
