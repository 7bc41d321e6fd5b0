#!/bin/sh
# Installs the Debian packages the tests need, only when something is missing.
# Idempotent: a machine that has them all returns at once.
set -eu

# command:package pairs; a missing command means its package must be installed.
NEEDS="
pg_ctlcluster:postgresql
sipp:sip-tester
baresip:baresip
kamailio:kamailio
chromium:chromium
firefox-esr:firefox-esr
svwar:sipvicious
sox:sox
ip:iproute2
arping:iputils-arping
espeak-ng:espeak-ng
"

missing=""
for pair in $NEEDS; do
	cmd=${pair%%:*}
	pkg=${pair#*:}
	if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "/usr/lib/postgresql/15/bin/$cmd" ]; then
		missing="$missing $pkg"
	fi
done
# PostgreSQL's server binaries live outside PATH.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	missing="$missing postgresql"
fi

if [ -z "$missing" ]; then
	echo "install-deps: all test peers present"
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# Extra packages ride along: kamailio modules, sox formats, chromium-driver.
$SUDO apt-get install -y -q --no-install-recommends $missing \
	kamailio-extra-modules libsox-fmt-all chromium-driver postgresql
