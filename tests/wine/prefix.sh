#!/usr/bin/env bash
# Makes a Wine prefix that runs Checkup's Windows build: 64-bit, reporting Windows 10, with
# the bcryptprimitives.dll stand-in Rust programs need under Wine 8 (see bcryptprimitives.c).
#
#   tests/wine/prefix.sh PREFIX     prints nothing on success; the prefix is about 700 MB
#
# The wineserver it starts is ended before it returns.
set -euo pipefail
prefix=${1:?usage: prefix.sh PREFIX}
here=$(cd "$(dirname "$0")" && pwd)
wine=/usr/lib/wine/wine64
wineserver=/usr/lib/wine/wineserver
export WINEPREFIX=$prefix WINEARCH=win64 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY
mkdir -p "$prefix"
dll=$prefix/bcryptprimitives.dll
x86_64-w64-mingw32-gcc -shared -O2 -o "$dll" "$here/bcryptprimitives.c" -ladvapi32
"$wine" wineboot -i >/dev/null 2>&1
"$wineserver" -w
"$wine" winecfg -v win10 >/dev/null 2>&1
"$wineserver" -w
cp "$dll" "$prefix/drive_c/windows/system32/bcryptprimitives.dll"
"$wineserver" -k || true
