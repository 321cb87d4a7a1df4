#!/usr/bin/env bash
# Debian packages the project uses outside Python: espeak-ng for read-aloud (offline TTS);
# chromium and fonts-noto-cjk for the browser tests (tests/browser/, Playwright drives Debian's Chromium).
# `required` fails when they cannot be installed (make test); otherwise the demo runs without speech.
set -uo pipefail
need=()
command -v espeak-ng >/dev/null || need+=(espeak-ng)
if [ "${1:-}" = required ]; then  # the browser tests: only `make test` needs them
  command -v chromium >/dev/null || need+=(chromium)
  [ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
fi
[ ${#need[@]} -eq 0 ] && exit 0
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -n "$@"; fi; }
echo "system: installing ${need[*]} from Debian packages"
if as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
   as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
  exit 0
fi
if [ "${1:-}" = required ]; then
  echo "system: could not install ${need[*]}" >&2
  exit 1
fi
echo "system: could not install ${need[*]}; read-aloud is off until it is installed" >&2
exit 0
