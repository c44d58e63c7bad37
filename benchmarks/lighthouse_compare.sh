#!/bin/sh
# Lighthouse mobile (performance included) on helpsite's articles against the same pages in
# plain Material: `helpsite export` writes each language as a plain MkDocs project (facts
# filled in), built here without the site's scripts and CSS. With BEFORE=REPO, a second
# checkout (say today's main) is built and measured too, as "before". Runs are interleaved
# (helpsite, plain, before, helpsite, ...) so that the machine's load falls on all alike;
# prints the median of RUNS per page and the load average before and after. A benchmark,
# not a test: it needs npm (Lighthouse pinned as in lighthouse.sh) and takes minutes;
# figures on a loaded machine are noisy, so the spread (min-max) of LCP is printed too.
#
# The figures are Lighthouse's own, simulated from the trace (its default "lantern"
# throttling: slow 4G, CPU 4x slower); "obs" columns are what the unthrottled run observed.
# The reports stay in $OUT (default a new temporary folder), for lighthouse_lcp.sh; with
# GATHER=1 each run's trace and network log too (a folder beside its report), for
# lighthouse_lantern.mjs.
#
#   [BEFORE=REPO] [OUT=DIR] [GATHER=1] benchmarks/lighthouse_compare.sh [PAGES] [RUNS]
#   # defaults: "es/onoffice/ de/onoffice/ fr/onoffice/", 5
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)
LH_DIR=${LH_DIR:-/tmp/lh}
LH_VERSION=12.8.2
PAGES=${1:-es/onoffice/ de/onoffice/ fr/onoffice/}
RUNS=${2:-5}
PORT=${PORT:-8766}
BEFORE=${BEFORE:-}
GATHER=${GATHER:-}
OUT=${OUT:-$(mktemp -d)}
export NO_MKDOCS_2_WARNING=1

[ -x "$LH_DIR/node_modules/.bin/lighthouse" ] ||
  npm install --prefix "$LH_DIR" --no-audit --no-fund "lighthouse@$LH_VERSION" >/dev/null

mkdir -p "$OUT"
"$REPO/.venv/bin/mkdocs" build -q -f "$REPO/mkdocs.yml" -d "$OUT/helpsite"
SITES="helpsite plain"
if [ -n "$BEFORE" ]; then
  "$BEFORE/.venv/bin/mkdocs" build -q -f "$BEFORE/mkdocs.yml" -d "$OUT/before"
  SITES="helpsite plain before"
fi
BIN="$REPO/.venv/bin"
rm -rf "$OUT/export" "$OUT/plain"
"$BIN/helpsite" export --root "$REPO" "$OUT/export" >/dev/null
# Plain Material: the exported project without the site's own scripts and stylesheet, each
# language at the path the hooks publish it (the default language at the root).
DEFAULT=$("$BIN/python" -c '
import sys, yaml
config = yaml.safe_load(open(sys.argv[1]))
print(next(l["locale"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p
           for l in p["i18n"]["languages"] if l.get("default")))' "$REPO/mkdocs.yml")
for project in "$OUT"/export/*/; do
  lang=$(basename "$project")
  "$BIN/python" - "$project/mkdocs.yml" <<'PY'
import sys, yaml
path = sys.argv[1]
config = yaml.safe_load(open(path))
for key in ("extra_css", "extra_javascript"):
    config.pop(key, None)
yaml.safe_dump(config, open(path, "w"), allow_unicode=True, sort_keys=False)
PY
  target="$OUT/plain/$([ "$lang" = "$DEFAULT" ] || echo "$lang")"
  (cd "$project" && "$BIN/mkdocs" build -q -d "$target")
done

SERVERS=""
offset=0
for site in $SITES; do
  python3 -m http.server $((PORT + offset)) --bind 127.0.0.1 --directory "$OUT/$site" \
    >/dev/null 2>&1 &
  SERVERS="$SERVERS $!"
  offset=$((offset + 1))
done
trap 'kill $SERVERS' EXIT
sleep 1

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq "$RUNS"); do
  for page in $PAGES; do
    path=$(echo "$page" | sed "s|^$DEFAULT/||")
    offset=0
    for site in $SITES; do
      report="$OUT/$site-$(echo "$page" | tr / -)$run"
      CHROME_PATH=/usr/bin/chromium "$LH_DIR/node_modules/.bin/lighthouse" \
        "http://127.0.0.1:$((PORT + offset))/$path" --quiet --output=json \
        --output-path="$report.json" ${GATHER:+-GA="$report"} \
        --chrome-flags="--headless --no-sandbox --disable-gpu" >/dev/null 2>&1 || true
      offset=$((offset + 1))
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "reports: $OUT"

# Medians per page and site: performance, CLS, LCP (ms, its spread and its ratio to plain
# Material's median), FCP, TBT, the observed LCP and FCP, and the other three categories.
node -e '
  const fs = require("fs"), path = require("path");
  const [dir, pages, sites, runs] = [process.argv[1], process.argv[2].split(" "),
                                     process.argv[3].split(" "), +process.argv[4]];
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const reportsOf = (page, site) => {
    const reports = [];
    for (let run = 1; run <= runs; run++) {
      const file = path.join(dir, `${site}-${page.replace(/\//g, "-")}${run}.json`);
      if (fs.existsSync(file)) reports.push(JSON.parse(fs.readFileSync(file)));
    }
    return reports.filter((r) => r.categories.performance.score !== null);
  };
  console.log(["page", "site", "n", "perf", "CLS", "LCP ms", "LCP min-max", "xplain",
               "FCP ms", "TBT ms", "obs LCP", "obs FCP", "a11y", "best", "SEO"].join("\t"));
  for (const page of pages) {
    const lcps = (reports) => reports.map((r) => r.audits["largest-contentful-paint"].numericValue);
    const plain = reportsOf(page, "plain");
    for (const site of sites) {
      const ok = reportsOf(page, site);
      if (!ok.length) { console.log([page, site, "failed"].join("\t")); continue; }
      const cat = (k) => median(ok.map((r) => Math.round(r.categories[k].score * 100)));
      const audit = (k) => median(ok.map((r) => r.audits[k].numericValue));
      const observed = (k) => Math.round(median(ok.map((r) => r.audits.metrics.details.items[0][k])));
      const lcp = lcps(ok);
      console.log([page, site, ok.length, cat("performance"),
                   audit("cumulative-layout-shift").toFixed(3), Math.round(median(lcp)),
                   `${Math.round(Math.min(...lcp))}-${Math.round(Math.max(...lcp))}`,
                   plain.length ? (median(lcp) / median(lcps(plain))).toFixed(2) : "",
                   Math.round(audit("first-contentful-paint")),
                   Math.round(audit("total-blocking-time")),
                   observed("observedLargestContentfulPaint"),
                   observed("observedFirstContentfulPaint"),
                   cat("accessibility"), cat("best-practices"), cat("seo")].join("\t"));
    }
  }
' "$OUT" "$PAGES" "$SITES" "$RUNS"
