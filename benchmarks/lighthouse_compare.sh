#!/bin/sh
# Lighthouse mobile (performance included) on helpsite's articles against the same pages in
# plain Material: `helpsite export` writes each language as a plain MkDocs project (facts
# filled in), built here without the site's scripts and CSS. Runs are interleaved (helpsite,
# plain, helpsite, ...) so that the machine's load falls on both alike; prints the median of
# RUNS per page and the load average before and after. A benchmark, not a test: it needs npm
# (Lighthouse pinned as in lighthouse.sh) and takes minutes; figures on a loaded machine are
# noisy.
#
#   benchmarks/lighthouse_compare.sh [PAGES] [RUNS]   # defaults: "es/onoffice/ de/onoffice/", 3
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)
LH_DIR=${LH_DIR:-/tmp/lh}
LH_VERSION=12.8.2
PAGES=${1:-es/onoffice/ de/onoffice/}
RUNS=${2:-3}
PORT=${PORT:-8766}
BIN="$REPO/.venv/bin"

[ -x "$LH_DIR/node_modules/.bin/lighthouse" ] ||
  npm install --prefix "$LH_DIR" --no-audit --no-fund "lighthouse@$LH_VERSION" >/dev/null

WORK=$(mktemp -d)
export NO_MKDOCS_2_WARNING=1
"$BIN/mkdocs" build -q -f "$REPO/mkdocs.yml" -d "$WORK/helpsite"
"$BIN/helpsite" export --root "$REPO" "$WORK/export" >/dev/null
# Plain Material: the exported project without the site's own scripts and stylesheet, each
# language at the path the hooks publish it (the default language at the root).
DEFAULT=$("$BIN/python" -c '
import sys, yaml
config = yaml.safe_load(open(sys.argv[1]))
print(next(l["locale"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p
           for l in p["i18n"]["languages"] if l.get("default")))' "$REPO/mkdocs.yml")
for project in "$WORK"/export/*/; do
  lang=$(basename "$project")
  "$BIN/python" - "$project/mkdocs.yml" <<'EOF'
import sys, yaml
path = sys.argv[1]
config = yaml.safe_load(open(path))
for key in ("extra_css", "extra_javascript"):
    config.pop(key, None)
yaml.safe_dump(config, open(path, "w"), allow_unicode=True, sort_keys=False)
EOF
  target="$WORK/plain/$([ "$lang" = "$DEFAULT" ] || echo "$lang")"
  (cd "$project" && "$BIN/mkdocs" build -q -d "$target")
done

python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK/helpsite" >/dev/null 2>&1 &
HELPSITE=$!
python3 -m http.server $((PORT + 1)) --bind 127.0.0.1 --directory "$WORK/plain" >/dev/null 2>&1 &
PLAIN=$!
trap 'kill $HELPSITE $PLAIN' EXIT
sleep 1

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for run in $(seq "$RUNS"); do
  for page in $PAGES; do
    path=$(echo "$page" | sed "s|^$DEFAULT/||")
    for site in helpsite plain; do
      port=$([ "$site" = helpsite ] && echo "$PORT" || echo $((PORT + 1)))
      CHROME_PATH=/usr/bin/chromium "$LH_DIR/node_modules/.bin/lighthouse" \
        "http://127.0.0.1:$port/$path" --quiet --output=json \
        --output-path="$WORK/$site-$(echo "$page" | tr / -)$run.json" \
        --chrome-flags="--headless --no-sandbox --disable-gpu" >/dev/null 2>&1 || true
    done
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# Medians per page and site: performance, CLS, LCP (ms) and the other three categories.
node -e '
  const fs = require("fs"), path = require("path");
  const [dir, pages, runs] = [process.argv[1], process.argv[2].split(" "), +process.argv[3]];
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(["page", "site", "perf", "CLS", "LCP ms", "a11y", "best", "SEO"].join("\t"));
  for (const page of pages) for (const site of ["helpsite", "plain"]) {
    const reports = [];
    for (let run = 1; run <= runs; run++) {
      const file = path.join(dir, `${site}-${page.replace(/\//g, "-")}${run}.json`);
      if (fs.existsSync(file)) reports.push(JSON.parse(fs.readFileSync(file)));
    }
    const ok = reports.filter((r) => r.categories.performance.score !== null);
    if (!ok.length) { console.log([page, site, "failed"].join("\t")); continue; }
    const cat = (k) => median(ok.map((r) => Math.round(r.categories[k].score * 100)));
    const audit = (k) => median(ok.map((r) => r.audits[k].numericValue));
    console.log([page, site, cat("performance"), audit("cumulative-layout-shift").toFixed(3),
                 Math.round(audit("largest-contentful-paint")), cat("accessibility"),
                 cat("best-practices"), cat("seo")].join("\t"));
  }
' "$WORK" "$PAGES" "$RUNS"
