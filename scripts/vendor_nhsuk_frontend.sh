#!/usr/bin/env bash
# Vendor the compiled NHS.UK frontend into static/vendor/nhsuk-frontend/ (run by hand
# when upgrading; the result is committed so nothing downloads at run time).
# The Frutiger web font is served only from the NHS CDN, so its @font-face rules are
# removed: the design system's own fallback stack (Arial, sans-serif) is used instead.
set -euo pipefail
version="${1:-10.6.1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/static/vendor/nhsuk-frontend"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "nhsuk-frontend@$version" >/dev/null && tar xzf nhsuk-frontend-*.tgz)
dist="$work/package/dist/nhsuk"
rm -rf "$dest" && mkdir -p "$dest/assets"
cp "$dist/nhsuk-frontend.min.js" "$dest/"
cp -r "$dist/assets/images" "$dest/assets/"
python3 - "$dist/nhsuk-frontend.min.css" "$dest/nhsuk-frontend.min.css" <<'PY'
import re, sys
css = open(sys.argv[1], encoding="utf-8").read()
css = re.sub(r"@font-face\{[^}]*assets\.nhs\.uk[^}]*\}", "", css)
css = css.replace("url(/assets/images/", "url(assets/images/")
css = re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css)
assert "assets.nhs.uk" not in css, "a CDN reference is left in the CSS"
open(sys.argv[2], "w", encoding="utf-8").write(css)
PY
sed -i 's#//\# sourceMappingURL=.*##' "$dest/nhsuk-frontend.min.js"
cp "$work/package/LICENSE"* "$dest/" 2>/dev/null || true
printf 'nhsuk-frontend %s (npm), compiled dist files; Frutiger @font-face rules removed (CDN-only font).\n' "$version" > "$dest/VERSION"
echo "Vendored nhsuk-frontend $version into $dest"
