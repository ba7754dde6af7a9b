#!/usr/bin/env bash
# Copies the front-end packages named in package.json from the npm registry into static/vendor.
# The result is committed: the portal never loads anything from a CDN or the internet at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
npm install --no-audit --no-fund --ignore-scripts --no-save >/dev/null
dest=static/vendor
rm -rf "$dest" && mkdir -p "$dest/bootstrap" "$dest/fonts" tests/e2e/vendor
cp node_modules/bootstrap/dist/css/bootstrap.min.css "$dest/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js "$dest/bootstrap/"
cp node_modules/bootstrap/LICENSE "$dest/bootstrap/LICENSE"
# The source maps are not shipped: drop their references so collectstatic's manifest storage
# does not look for them.
sed -i '/sourceMappingURL=/d' "$dest"/bootstrap/*.js "$dest"/bootstrap/*.css
for weight in 400 600 700; do
  cp "node_modules/@fontsource/source-sans-3/files/source-sans-3-latin-${weight}-normal.woff2" "$dest/fonts/"
  cp "node_modules/@fontsource/source-sans-3/files/source-sans-3-latin-${weight}-normal.woff" "$dest/fonts/"
done
cp node_modules/@fontsource/source-sans-3/LICENSE "$dest/fonts/LICENSE"
# A monochrome emoji font, the PDFs' last fallback (pdf.css): the one file with every emoji, WOFF
# like the PDF's other fonts.
mkdir -p "$dest/fonts/noto-emoji"
cp node_modules/@fontsource/noto-emoji/files/noto-emoji-emoji-400-normal.woff "$dest/fonts/noto-emoji/"
cp node_modules/@fontsource/noto-emoji/LICENSE "$dest/fonts/noto-emoji/LICENSE"
# axe-core is for the accessibility tests only, not served by the portal.
cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE tests/e2e/vendor/
echo "vendored into $dest"
