#!/bin/sh
# Lighthouse (mobile preset) on the home page and every article in two languages of a
# locally served build, with Debian's chromium. A benchmark, not a test: it needs npm.
#
#   benchmarks/lighthouse.sh [SITE_DIR] [LANGUAGES]     # defaults: a fresh build, "de es"
#
# Lighthouse is installed once into $LH_DIR (outside the repository), pinned:
#   npm install --prefix "$LH_DIR" lighthouse@12.8.2   # 12.x runs on Node 20; 13.x needs 22
# Prints one line per page: accessibility, best practices and SEO scores (0-100), and the
# ids of the audits that failed in those three categories.
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)
LH_DIR=${LH_DIR:-/tmp/lh}
LH_VERSION=12.8.2
PORT=${PORT:-8765}
SITE=${1:-}
LANGS=${2:-de es}
PAGES="home onoffice/ oneoffice/ contabilita/"

[ -x "$LH_DIR/node_modules/.bin/lighthouse" ] ||
  npm install --prefix "$LH_DIR" --no-audit --no-fund "lighthouse@$LH_VERSION" >/dev/null

if [ -z "$SITE" ]; then
  SITE=$(mktemp -d)/site
  NO_MKDOCS_2_WARNING=1 "$REPO/.venv/bin/mkdocs" build -q -f "$REPO/mkdocs.yml" -d "$SITE"
fi
OUT=$(mktemp -d)
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$SITE" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER' EXIT
sleep 1

for lang in $LANGS; do
  prefix=$([ "$lang" = de ] && echo "" || echo "$lang/")
  for page in $PAGES; do
    [ "$page" = home ] && page=""
    url="http://127.0.0.1:$PORT/$prefix$page"
    report="$OUT/$lang-$(echo "${page:-home}" | tr -d /).json"
    CHROME_PATH=/usr/bin/chromium "$LH_DIR/node_modules/.bin/lighthouse" "$url" \
      --quiet --output=json --output-path="$report" \
      --only-categories=accessibility,best-practices,seo \
      --chrome-flags="--headless --no-sandbox --disable-gpu" >/dev/null 2>&1 || true
    node -e '
      const r = require(process.argv[1]);
      const c = r.categories, score = k => Math.round(c[k].score * 100);
      const failed = Object.values(c).flatMap(cat => cat.auditRefs)
        .filter(a => a.weight > 0 && r.audits[a.id].score !== null && r.audits[a.id].score < 1)
        .map(a => a.id);
      console.log([process.argv[2], score("accessibility"), score("best-practices"),
                   score("seo"), failed.join(",")].join("\t"));
    ' "$report" "$lang/$page"
  done
done
