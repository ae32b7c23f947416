#!/usr/bin/env bash
# Browser tests of `roleclass serve` (tests/browser.rs): the page in a real headless Chromium,
# driven through chromedriver. Installs Debian's `chromium` and `chromium-driver` when they are
# missing (one `apt-get update`, then `apt-get install -y chromium chromium-driver`; as root, or
# through sudo), then runs the tests, which plain `cargo test` skips (#[ignore]).
#
# Artifacts: target/browser/*.png (a screenshot of each screen) and target/browser/page-load.txt
# (the page load time from a cold server, by the Navigation Timing API).
#
# Usage: scripts/test-browser.sh [extra cargo test arguments, e.g. a test name filter]
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

chromium=${CHROMIUM:-/usr/bin/chromium}
chromedriver=${CHROMEDRIVER:-/usr/bin/chromedriver}
if [ ! -x "$chromium" ] || [ ! -x "$chromedriver" ]; then
    echo "== installing chromium and chromium-driver (apt-get)"
    sudo=""
    if [ "$(id -u)" != 0 ]; then
        sudo="sudo"
    fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi
"$chromium" --version
"$chromedriver" --version

echo "== cargo test --test browser -- --ignored (headless Chromium)"
rm -rf target/browser
# One browser at a time: each test starts its own server, driver and browser.
cargo test --test browser -- --ignored --test-threads=1 "$@"
if [ -f target/browser/page-load.txt ]; then
    cat target/browser/page-load.txt
fi
echo "screenshots: $(cd target/browser 2>/dev/null && ls -1 ./*.png 2>/dev/null | tr '\n' ' ')"
