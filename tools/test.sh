#!/usr/bin/env bash
# The README's test command: set up (install what is missing, build), then run every test with ctest; then
# the unit and crm-cli tests again on a build with AddressSanitizer and UBSan (build-asan/, first finding
# fails), and a short libFuzzer run of every fuzz target from its seeds (build-fuzz/, clang).
# CRM_SANITIZE=0 skips the sanitizer build and the fuzz smoke run (CI keeps them on). Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
ctest --test-dir "${CRM_BUILD_DIR:-build}" --output-on-failure --timeout 1200 "$@"

if [[ ${CRM_SANITIZE:-1} != 0 ]]; then
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
  export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
  asan=${CRM_ASAN_BUILD_DIR:-build-asan}
  echo "calc-crm test: building $asan with -fsanitize=address,undefined"
  cmake -S . -B "$asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRM_SANITIZE=ON >/dev/null
  cmake --build "$asan" -j"$(nproc)" >/dev/null
  # The office tests stay on the normal build: the office itself is not built with the sanitizers.
  ctest --test-dir "$asan" -L 'unit|cli' --output-on-failure --timeout 1200 "$@"

  if command -v clang++ >/dev/null; then
    fuzz=${CRM_FUZZ_BUILD_DIR:-build-fuzz}
    echo "calc-crm test: building the libFuzzer targets in $fuzz (clang) for a 5-second run each"
    CXX=clang++ cmake -S . -B "$fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCRM_FUZZ=ON -DCRM_BUILD_EXTENSION=OFF \
      -DCRM_BUILD_TESTS=OFF >/dev/null
    cmake --build "$fuzz" -j"$(nproc)" >/dev/null
    ctest --test-dir "$fuzz" -L fuzz --output-on-failure "$@"
  else
    echo "calc-crm test: no clang++, the libFuzzer smoke run is skipped (the seeds still replay in $asan)"
  fi
fi
