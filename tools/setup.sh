#!/usr/bin/env bash
# Installs what calc-crm needs on Debian 12 (as root: apt-get of what is missing) and builds it into build/.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  cmake g++ make pkg-config clang libclang-rt-14-dev
  libfmt-dev libgtest-dev libgmock-dev libboost-dev
  libreoffice-calc libreoffice-dev libreoffice-dev-common python3-uno
  libreoffice-l10n-fr libreoffice-l10n-zh-cn libreoffice-l10n-zh-tw
  xvfb xauth imagemagick procps util-linux
  python3-scipy  # independent model fits in the office tests
  fonts-wqy-microhei  # Chinese glyphs for the zh-CN and zh-TW screenshots
  poppler-utils  # pdfinfo, pdftotext, pdftoppm: the printed schedule read back in the office tests
  python3-icalendar  # an independent parser of the calendars in the office tests
  libpq-dev libsqlite3-dev  # crm-cli --db postgresql://… and sqlite:PATH
  libreoffice-sdbc-postgresql libreoffice-sdbc-firebird libreoffice-base  # analyze's TransactionSource: PostgreSQL, .odb
  unixodbc odbc-postgresql  # analyze through ODBC (sdbc:odbc:DSN): unixODBC and psqlODBC, tested on the loopback server
  libpostgresql-jdbc-java libreoffice-java-common openjdk-17-jre-headless  # analyze through JDBC (a jdbc:postgresql data source)
  postgresql sqlite3  # the PostgreSQL server the database tests and benchmark start (never as a service); sqlite3's shell
)
# The second calendar parser of the tests (ical.js) runs on node; Debian's when the machine has none.
command -v npm >/dev/null || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "calc-crm setup: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    echo "calc-crm setup: these Debian packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build_dir=${CRM_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j"$(nproc)"
echo "calc-crm setup: built $build_dir/calc-crm.oxt"
