#!/usr/bin/env bash
# Copies the compiled GOV.UK Frontend and MoJ Frontend files (CSS, JS, fonts, images) from
# node_modules into static/vendor/, which Warden serves under /assets/vendor/. The CSS refers to
# /assets/fonts/ and /assets/images/; those references are rewritten to /assets/vendor/.
# Idempotent: run `npm ci` (scripts/install-deps.sh does) first.
set -euo pipefail
cd "$(dirname "$0")/.."

govuk=node_modules/govuk-frontend/dist/govuk
moj=node_modules/@ministryofjustice/frontend/moj
if [ ! -f "$govuk/govuk-frontend.min.css" ] || [ ! -f "$moj/moj-frontend.min.css" ]; then
  echo "assets.sh: node_modules is missing govuk-frontend or @ministryofjustice/frontend; run npm ci" >&2
  exit 1
fi

out=static/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/fonts" "$tmp/images"
cp "$govuk"/assets/fonts/* "$tmp/fonts/"
cp "$govuk"/assets/images/* "$tmp/images/"
if [ -d "$moj/assets/images" ]; then cp "$moj"/assets/images/* "$tmp/images/"; fi
sed 's#url(/assets/#url(/assets/vendor/#g; /sourceMappingURL/d' "$govuk/govuk-frontend.min.css" \
  >"$tmp/govuk-frontend.min.css"
sed 's#url(/assets/#url(/assets/vendor/#g; /sourceMappingURL/d' "$moj/moj-frontend.min.css" \
  >"$tmp/moj-frontend.min.css"
sed 's|//# sourceMappingURL=.*$||' "$govuk/govuk-frontend.min.js" >"$tmp/govuk-frontend.min.js"
sed 's|//# sourceMappingURL=.*$||' "$moj/moj-frontend.min.js" >"$tmp/moj-frontend.min.js"

rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$tmp" "$out"
chmod -R a+rX "$out"
trap - EXIT
