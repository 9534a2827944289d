#!/usr/bin/env bash
# Takes the sidebar panel's screenshots in English, French and Chinese (the office test test_sidebar under
# Xvfb) and copies them to docs/images/ for the README. Run after a build: bash tools/screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${CRM_BUILD_DIR:-build}
if [[ ${1:-} != --copy-only ]]; then
  ctest --test-dir "$build_dir" -R '^office\.test_sidebar$' --output-on-failure
fi
mkdir -p docs/images
for locale in en-US fr-FR zh-CN; do
  shot="$build_dir/screenshots/sidebar-$locale.png"
  [[ -f $shot ]] || { echo "screenshots: $shot is missing: run the test first" >&2; exit 1; }
  cp "$shot" "docs/images/sidebar-$locale.png"
done
shot="$build_dir/screenshots/model-check.png"  # the Model check sheet's charts, from the same test
[[ -f $shot ]] || { echo "screenshots: $shot is missing: run the test first" >&2; exit 1; }
cp "$shot" docs/images/model-check.png
echo "screenshots: docs/images/sidebar-{en-US,fr-FR,zh-CN}.png and model-check.png updated"
