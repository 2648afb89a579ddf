#!/usr/bin/env bash
# Refresh the vendored front-end files under static/vendor/ from the npm registry.
# Run it after changing a version below; commit the result. No build step is involved.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A PACKAGES=(
  ["@utrecht/component-library-css"]="9.0.4"
  ["@nl-design-system-unstable/voorbeeld-design-tokens"]="7.4.1"
  ["chart.js"]="4.6.1"
  ["axe-core"]="4.14.1"
)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for name in "${!PACKAGES[@]}"; do
  version=${PACKAGES[$name]}
  (cd "$work" && npm pack --silent "$name@$version" >/dev/null)
done
for tarball in "$work"/*.tgz; do
  mkdir -p "${tarball%.tgz}" && tar xzf "$tarball" -C "${tarball%.tgz}"
done

copy() {  # copy <package dir glob> <target dir> <files…>
  local source=$1 target=static/vendor/$2; shift 2
  rm -rf "$target" && mkdir -p "$target"
  for file in "$@"; do cp "$work"/$source/package/$file "$target/"; done
  cp "$work"/$source/package/LICENSE* "$target/"
  jq -r '"\(.name) \(.version)"' "$work"/$source/package/package.json > "$target/VERSION"
}
copy "utrecht-component-library-css-*" utrecht dist/index.css
copy "nl-design-system-unstable-voorbeeld-design-tokens-*" voorbeeld-design-tokens dist/theme.css dist/font.css
copy "chart.js-*" chartjs dist/chart.umd.min.js
copy "axe-core-*" axe-core axe.min.js
echo "vendored into static/vendor/"
