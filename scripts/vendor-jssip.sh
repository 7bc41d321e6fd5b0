#!/usr/bin/env bash
# vendor-jssip.sh: vendor JsSIP for the browser softphone (web/phone) from
# the npm registry into web/phone/static/vendor/jssip/.
#
# usage: scripts/vendor-jssip.sh [VERSION]        (default: 3.10.9)
#
# JsSIP's npm tarballs carry no browser build (dist/ is not published
# since 3.x), only the CommonJS build lib-es5/. So this script fetches
# jssip and the exact versions of its runtime dependencies below, checks
# each tarball's sha512 integrity and sha1 shasum against the registry's
# metadata, and joins them into one plain script, jssip.js, that defines
# window.JsSIP: each file becomes a function in a module table, require()
# is resolved at bundle time (no code is transformed). The licences of all
# four packages go to LICENSE (JsSIP's first), the versions and digests to
# VERSION. The vendored files are committed; run this only to update.
#
# Needs curl, tar, openssl, sha1sum, base64 and node (Debian: nodejs) for
# the bundling step.
set -euo pipefail

VERSION="${1:-3.10.9}"
REGISTRY="${NPM_REGISTRY:-https://registry.npmjs.org}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/web/phone/static/vendor/jssip"
# JsSIP 3.10's dependencies (package.json ranges ^4.3.1, ^3.3.0, ^2.14.1;
# debug needs ms ^2.1.3), pinned to the newest release in each range.
DEPS=(debug@4.4.3 ms@2.1.3 events@3.3.0 sdp-transform@2.15.0)

case "$VERSION" in
  *[!0-9.]*|"") echo "vendor-jssip: bad version '$VERSION'" >&2; exit 2 ;;
esac
for t in curl tar openssl sha1sum base64 node; do
  command -v "$t" >/dev/null || { echo "vendor-jssip: needs $t" >&2; exit 1; }
done

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# fetch NAME VERSION: download, verify and unpack into $tmp/NAME.
fetch() {
  local name="$1" ver="$2" meta="$tmp/$1.json"
  curl -fsSL --max-time 60 "$REGISTRY/$name/$ver" -o "$meta"
  field() { grep -o "\"$1\": *\"[^\"]*\"" "$meta" | head -1 | sed "s/^\"$1\": *\"//; s/\"\$//" || true; }
  local tarball integrity shasum
  tarball="$(field tarball)"; integrity="$(field integrity)"; shasum="$(field shasum)"
  if [ -z "$tarball" ] || [ -z "$shasum" ] || [ "${integrity#sha512-}" = "$integrity" ]; then
    echo "vendor-jssip: $name@$ver: no tarball/sha512 integrity/shasum in the registry's metadata" >&2
    exit 1
  fi
  curl -fsSL --max-time 120 "$tarball" -o "$tmp/$name.tgz"
  local got512 got1
  got512="sha512-$(openssl dgst -sha512 -binary "$tmp/$name.tgz" | base64 -w0)"
  got1="$(sha1sum "$tmp/$name.tgz" | cut -d' ' -f1)"
  if [ "$got512" != "$integrity" ] || [ "$got1" != "$shasum" ]; then
    echo "vendor-jssip: $name@$ver: digest mismatch (registry $integrity $shasum, got $got512 $got1)" >&2
    exit 1
  fi
  mkdir -p "$tmp/$name"
  tar -xzf "$tmp/$name.tgz" -C "$tmp/$name" --strip-components=1
  echo "vendor-jssip: $name@$ver verified ($integrity)"
  printf '%s@%s %s %s\n' "$name" "$ver" "$tarball" "$integrity" >> "$tmp/VERSION"
}

fetch jssip "$VERSION"
for d in "${DEPS[@]}"; do fetch "${d%@*}" "${d#*@}"; done

cat > "$tmp/bundle.js" <<'JS'
// Joins CommonJS files into one browser script. Modules are keyed by
// package-relative path; require() specifiers are resolved here, at
// bundle time, against the files on disk.
'use strict';
const fs = require('fs');
const path = require('path');
const [root, version] = process.argv.slice(2);
const pkgs = ['jssip', 'debug', 'ms', 'events', 'sdp-transform'];
const entryOf = (p) => {
  const j = JSON.parse(fs.readFileSync(path.join(root, p, 'package.json'), 'utf8'));
  const e = (typeof j.browser === 'string' && j.browser) || j.main || 'index.js';
  return resolveFile(path.join(root, p, e));
};
function resolveFile(f) {
  for (const c of [f, f + '.js', f + '.json', path.join(f, 'index.js')]) {
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  }
  throw new Error('cannot resolve ' + f);
}
const mods = new Map(); // absolute file -> {id, deps: {spec: id}, src}
const idOf = (f) => path.relative(root, f).split(path.sep).join('/');
function add(file) {
  if (mods.has(file)) return idOf(file);
  const m = { deps: {}, src: fs.readFileSync(file, 'utf8') };
  mods.set(file, m);
  if (!file.endsWith('.json')) {
    const re = /\brequire\(\s*(['"])([^'"]+)\1\s*\)/g;
    let r;
    while ((r = re.exec(m.src))) {
      const spec = r[2];
      let target;
      if (spec.startsWith('.')) target = resolveFile(path.resolve(path.dirname(file), spec));
      else if (pkgs.includes(spec)) target = entryOf(spec);
      else throw new Error(idOf(file) + ': unknown module ' + spec);
      m.deps[spec] = add(target);
    }
  }
  return idOf(file);
}
const entry = add(entryOf('jssip'));
let out = '/*! JsSIP ' + version + ' (MIT) with debug, ms, events, sdp-transform (MIT);\n' +
  ' * joined from the npm packages by scripts/vendor-jssip.sh; licences in LICENSE. */\n' +
  '(function (global) {\nvar defs = {};\n';
for (const [file, m] of mods) {
  const body = file.endsWith('.json') ? 'module.exports = ' + m.src.trim() + ';' : m.src;
  out += 'defs[' + JSON.stringify(idOf(file)) + '] = [' + JSON.stringify(m.deps) +
    ', function (module, exports, require) {\n' + body + '\n}];\n';
}
out += 'var cache = {};\n' +
  'function load(id) {\n' +
  '  if (cache[id]) return cache[id].exports;\n' +
  '  var d = defs[id], module = { exports: {} };\n' +
  '  cache[id] = module;\n' +
  '  d[1].call(module.exports, module, module.exports, function (spec) {\n' +
  '    if (!(spec in d[0])) throw new Error("jssip bundle: " + id + " requires unknown " + spec);\n' +
  '    return load(d[0][spec]);\n' +
  '  });\n' +
  '  return module.exports;\n' +
  '}\n' +
  'global.JsSIP = load(' + JSON.stringify(entry) + ');\n' +
  '})(typeof window !== "undefined" ? window : this);\n';
process.stdout.write(out);
JS
node "$tmp/bundle.js" "$tmp" "$VERSION" > "$tmp/jssip.js"
# The bundle must load and expose the API the page uses.
node -e '
  global.window = {};
  require(process.argv[1]);
  const J = window.JsSIP;
  for (const k of ["UA", "WebSocketInterface", "version"]) if (!J[k]) { console.error("missing JsSIP." + k); process.exit(1); }
  console.log("vendor-jssip: bundle loads, JsSIP " + J.version);
' "$tmp/jssip.js"

mkdir -p "$DEST"
install -m 0644 "$tmp/jssip.js" "$DEST/jssip.js"
{
  for p in jssip debug ms events sdp-transform; do
    lic="$(ls "$tmp/$p" | grep -i -m1 '^licen[cs]e' || true)"
    [ -n "$lic" ] || { echo "vendor-jssip: $p has no licence file" >&2; exit 1; }
    printf '==== %s (%s) ====\n\n' "$p" "$lic"
    cat "$tmp/$p/$lic"
    printf '\n'
  done
} > "$tmp/LICENSE"
install -m 0644 "$tmp/LICENSE" "$DEST/LICENSE"
install -m 0644 "$tmp/VERSION" "$DEST/VERSION"
rm -f "$DEST/jssip.min.js"
echo "vendor-jssip: wrote $DEST (jssip.js, LICENSE, VERSION)"
