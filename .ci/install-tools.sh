#!/usr/bin/env bash
# Install what the real-browser checks (tests/browser/) need, from the package registries only:
#   - Debian's chromium (headless browser driven by Playwright),
#   - a Java runtime (default-jre-headless) for the Nu Html Checker,
#   - npm packages axe-core (accessibility engine) and vnu-jar (Nu Html Checker) into a cache folder
#     outside git: $PORTALGEN_CI_CACHE, default $HOME/.cache/portalgen-ci.
# Idempotent: each step is skipped when its tool is already there. Prints what it does.
# The tests find the tools in the cache folder, or through PORTALGEN_AXE_JS / PORTALGEN_VNU_JAR.
set -euo pipefail

CACHE="${PORTALGEN_CI_CACHE:-$HOME/.cache/portalgen-ci}"
AXE_VERSION="4.14.1"
VNU_VERSION="26.9.27"

say() { echo "install-tools: $*"; }

apt_packages=()
if [ ! -x /usr/bin/chromium ]; then
    apt_packages+=(chromium)
fi
if ! command -v java >/dev/null 2>&1; then
    apt_packages+=(default-jre-headless)
fi
if ! command -v npm >/dev/null 2>&1; then
    apt_packages+=(npm)
fi
if [ "${#apt_packages[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        say "missing Debian packages ${apt_packages[*]} and not root: install them with apt-get" >&2
        exit 1
    fi
    say "apt-get install ${apt_packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
else
    say "chromium, java and npm already installed"
fi

mkdir -p "$CACHE"
need_npm=()
axe_js="$CACHE/node_modules/axe-core/axe.min.js"
vnu_jar="$CACHE/node_modules/vnu-jar/build/dist/vnu.jar"
installed_version() {  # $1 = package name; prints the installed version or nothing
    local manifest="$CACHE/node_modules/$1/package.json"
    [ -f "$manifest" ] && node -e 'process.stdout.write(require(process.argv[1]).version || "")' "$manifest" || true
}
if [ ! -f "$axe_js" ] || [ "$(installed_version axe-core)" != "$AXE_VERSION" ]; then
    need_npm+=("axe-core@$AXE_VERSION")
fi
if [ ! -f "$vnu_jar" ] || [ "$(installed_version vnu-jar)" != "$VNU_VERSION" ]; then
    need_npm+=("vnu-jar@$VNU_VERSION")
fi
if [ "${#need_npm[@]}" -gt 0 ]; then
    say "npm install ${need_npm[*]} into $CACHE"
    [ -f "$CACHE/package.json" ] || echo '{"name": "portalgen-ci-tools", "private": true}' > "$CACHE/package.json"
    # --ignore-scripts: vnu-jar's install script would try to fetch a Java runtime from outside the
    # registries; Debian's default-jre-headless (above) is used instead.
    npm install --prefix "$CACHE" --no-audit --no-fund --loglevel=error --save-exact --ignore-scripts "${need_npm[@]}"
else
    say "axe-core $AXE_VERSION and vnu-jar $VNU_VERSION already in $CACHE"
fi

[ -f "$axe_js" ] || { say "axe-core was not installed: $axe_js is missing" >&2; exit 1; }
[ -f "$vnu_jar" ] || { say "vnu-jar was not installed: $vnu_jar is missing" >&2; exit 1; }
say "axe-core: $axe_js"
say "vnu.jar:  $vnu_jar"
