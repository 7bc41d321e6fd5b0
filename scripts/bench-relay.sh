#!/usr/bin/env bash
# bench-relay.sh: the RTP relay's cost, side by side with a minimal C relay
# (epoll + recvmmsg/sendmmsg, scripts/relayref/relayref.c) in one run.
#
# usage: scripts/bench-relay.sh [--calls "200 500 1000"] [--duration SECONDS]
#          [--pin] [--no-direct] [--out FILE]
#
# For each number of calls, the load generator (media/relay/internal/loadgen)
# starts each relay as a process of its own (media/relay/internal/relayd is
# the media/relay package), sends 172-byte RTP every 20 ms in both
# directions of every call for a warm-up second and then --duration seconds,
# and reads back the send time stamped in each payload. Relay CPU is the
# relay process's own getrusage over the measured window, divided by the
# packets it relayed. "direct" rows are the phones talking without a relay:
# the latency the generator itself adds on this machine. --pin puts the
# relay on CPU 1 and the generator on CPU 0 (taskset). Then the Go benchmark
# BenchmarkRelayPacket (allocations per packet) runs.
#
# Prints a Markdown report; with --out FILE also appends it to FILE. Each
# step is bounded (about 10 s), the whole run by a 170 s timeout; temp
# files are removed on exit and the relays end with the generator's pipe.
set -Eeuo pipefail
trap 'echo "bench-relay: stopped by a failing command at line $LINENO: $BASH_COMMAND" >&2' ERR

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)

calls="200 500 1000"
duration=8
pin=0
direct=true
out=""
while [ $# -gt 0 ]; do
	case $1 in
	--calls) calls=$2; shift 2 ;;
	--duration) duration=$2; shift 2 ;;
	--pin) pin=1; shift ;;
	--no-direct) direct=false; shift ;;
	--out) out=$2; shift 2 ;;
	*) sed -n '4,5p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
	esac
done
case $duration in '' | *[!0-9]*) echo "bench-relay: --duration wants whole seconds" >&2; exit 2 ;; esac
[ "$duration" -ge 1 ] && [ "$duration" -le 12 ] || { echo "bench-relay: --duration 1..12 (each step stays under 15 s)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "bench-relay: building ..." >&2
(cd "$root" && go build -o "$tmp/relayd" ./media/relay/internal/relayd && go build -o "$tmp/loadgen" ./media/relay/internal/loadgen)
relays=(-relay "dialtone=$tmp/relayd")
ref_note=""
if command -v gcc >/dev/null; then
	gcc -O2 -Wall -o "$tmp/relayref" "$here/relayref/relayref.c"
	relays+=(-relay "reference=$tmp/relayref")
else
	ref_note="gcc not found: no reference relay in this run."
fi

gen_pin=()
if [ "$pin" = 1 ]; then
	command -v taskset >/dev/null || { echo "bench-relay: --pin needs taskset" >&2; exit 2; }
	# The relay command line is split on spaces by the generator.
	for i in "${!relays[@]}"; do
		case ${relays[$i]} in *=*) relays[$i]="${relays[$i]%%=*}=taskset -c 1 ${relays[$i]#*=}" ;; esac
	done
	gen_pin=(taskset -c 0)
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
table=$(timeout 170 "${gen_pin[@]}" "$tmp/loadgen" "${relays[@]}" -calls "${calls// /,}" \
	-dur "${duration}s" -warmup 1s -direct="$direct")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "bench-relay: BenchmarkRelayPacket ..." >&2
bench=$(cd "$root" && go test -run '^$' -bench '^BenchmarkRelayPacket$' -benchmem -benchtime 2s -count 1 ./media/relay | grep '^Benchmark' || true)

report=$(
	cat <<REPORT
## RTP relay, $(date -u '+%Y-%m-%d %H:%M UTC')

\`scripts/bench-relay.sh --calls "$calls" --duration $duration$([ "$pin" = 1 ] && echo " --pin")\` on $(nproc) CPUs ($(uname -m)), load average $load_before before, $load_after after. G.711: 172-byte RTP every 20 ms each way per call; "relayed pkt/s" counts both directions.
${ref_note}

$table

\`\`\`
$bench
\`\`\`
REPORT
)
echo "$report"
if [ -n "$out" ]; then
	printf '\n%s\n' "$report" >>"$out"
fi
