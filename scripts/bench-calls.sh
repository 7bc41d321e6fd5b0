#!/usr/bin/env bash
# bench-calls.sh: calls per second with 0 failed calls through Dialtone (B2BUA,
# media anchored) and through Kamailio (stateful proxy), side by side in one
# run, and Dialtone's memory per active call.
#
# usage: scripts/bench-calls.sh [--dialtone-bin PATH] [--duration SECONDS]
#          [--rates "100 200 ..."] [--hold-ms MS] [--no-kamailio-auth]
#          [--mem-calls N] [--mem-rate R] [--out FILE]
#          [--dialtone-env "NAME=VALUE ..."] [--max-seconds S]
# defaults: --duration 5 --rates "200 500 1000 1500 2000 2500 3000 3500 4000
#           5000 6000" --hold-ms 1000 --mem-calls 3000 --mem-rate 200
#
# Each call is sipp UAC -> server -> sipp UAS over UDP on 127.0.0.1:
# INVITE (with an SDP offer) / (100) / 200 / ACK, held --hold-ms, BYE / 200.
# The callee (e2e/sipp/bench_uas.xml) answers at once with an SDP answer and
# sends no 180; no RTP flows. It is a registered extension on both servers:
# e2e/sipp/register_auth.xml registers it from the UAS's own port first.
#
# Targets (listed in the report in this order; Dialtone runs first, so
# that --max-seconds never cuts its figures short):
#   1. Kamailio, scripts/kamailio/proxy.cfg: tm + record_route + usrloc
#      lookup, callers not authenticated (e2e/sipp/bench_uac.xml);
#   2. the same with -A WITH_CALL_AUTH: every INVITE challenged with 407
#      (e2e/sipp/bench_uac_auth.xml), like-for-like with Dialtone
#      (skipped with --no-kamailio-auth);
#   3. Dialtone (built from this tree with CGO_ENABLED=0 unless
#      --dialtone-bin): a B2BUA with every INVITE challenged with 407, SDP
#      re-anchored on relay ports of its own (DIALTONE_RTP_PORTS), a CDR
#      written for every call.
# All calls come from one caller extension (100000, it authenticates on
# every call) to one callee extension (100001).
#
# Each target steps through --rates, --duration seconds of calls per step
# (count = rate x duration), going up until a step is not clean. A step is
# clean when every call succeeded at the caller, none failed at the callee,
# and sipp created calls at 95 % of the rate or more. The server's CPU time
# (utime+stime of its process tree, /proc) is divided by the successful
# calls. A step that fails while other work on the machine took more than
# 25 % of a core is run once more.
#
# After Dialtone's steps, with --mem-calls N (default 3000, 0 skips it), a
# fresh Dialtone gets N calls at --mem-rate calls/s (default 200), each held
# until all are up and 10 s more; its RSS before and 8 s after the last
# call is up, and the Go live heap at garbage collections
# (GODEBUG=gctrace=1), give the memory per active call.
#
# Prints a Markdown report; with --out FILE appends it to FILE. Every
# process it starts is stopped on exit, every temp file removed. Each sipp
# run is bounded in calls and time; no step starts after --max-seconds
# (default 330): with the defaults the whole run takes 4 to 6 minutes.
set -Eeuo pipefail
# Say where an unexpected failure stopped the run (set -e exits silently).
trap 'echo "bench-calls: stopped by a failing command at line $LINENO: $BASH_COMMAND" >&2' ERR

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=lib/common.sh
. "$here/lib/common.sh"

usage() {
	sed -n '6,11p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

# The command line as typed, quoted for a shell where needed.
cmdline="scripts/bench-calls.sh"
for a in "$@"; do
	case $a in
	'' | *[!A-Za-z0-9_./:=,+-]*) cmdline+=" '${a//\'/\'\\\'\'}'" ;;
	*) cmdline+=" $a" ;;
	esac
done

dialtone_bin=""
dialtone_env=""
duration=5
rates="200 500 1000 1500 2000 2500 3000 3500 4000 5000 6000"
hold_ms=1000
kam_auth=1
mem_calls=3000
mem_rate=200
out=""
max_seconds=330
while [ $# -gt 0 ]; do
	case $1 in
	--dialtone-bin) dialtone_bin=${2:?}; shift 2 ;;
	--dialtone-env) dialtone_env=${2?}; shift 2 ;;
	--duration) duration=${2:?}; shift 2 ;;
	--rates) rates=${2:?}; shift 2 ;;
	--hold-ms) hold_ms=${2:?}; shift 2 ;;
	--no-kamailio-auth) kam_auth=0; shift ;;
	--mem-calls) mem_calls=${2:?}; shift 2 ;;
	--mem-rate) mem_rate=${2:?}; shift 2 ;;
	--out) out=${2:?}; shift 2 ;;
	--max-seconds) max_seconds=${2:?}; shift 2 ;;
	-h | --help) usage ;;
	*) echo "bench-calls: unknown argument '$1'" >&2; usage ;;
	esac
done

is_uint "$duration" && [ "$duration" -ge 1 ] && [ "$duration" -le 60 ] ||
	die "--duration must be 1..60 seconds"
is_uint "$hold_ms" && [ "$hold_ms" -le 10000 ] || die "--hold-ms must be 0..10000"
is_uint "$mem_calls" && [ "$mem_calls" -le 4000 ] ||
	die "--mem-calls must be 0..4000 (4 sockets per call; the open-files limit here is $(ulimit -n))"
is_uint "$mem_rate" && [ "$mem_rate" -ge 10 ] && [ "$mem_rate" -le 1000 ] || die "--mem-rate must be 10..1000"
is_uint "$max_seconds" && [ "$max_seconds" -ge 10 ] && [ "$max_seconds" -le 3600 ] ||
	die "--max-seconds must be 10..3600"
nrates=0
for r in $rates; do
	is_uint "$r" && [ "$r" -ge 1 ] && [ "$r" -le 20000 ] || die "--rates: '$r' is not a rate 1..20000"
	nrates=$((nrates + 1))
done
[ "$nrates" -ge 1 ] && [ "$nrates" -le 12 ] || die "--rates wants 1 to 12 rates"
if [ -n "$dialtone_bin" ]; then
	[ -x "$dialtone_bin" ] || die "--dialtone-bin $dialtone_bin is not an executable"
	dialtone_bin=$(cd "$(dirname "$dialtone_bin")" && pwd)/$(basename "$dialtone_bin")
fi
for c in sipp kamailio ss awk timeout setsid; do
	command -v "$c" >/dev/null || die "$c is missing: run scripts/install-deps.sh"
done
[ -n "$dialtone_bin" ] || command -v go >/dev/null || die "go is missing (or pass --dialtone-bin)"

sippdir=$root/e2e/sipp
mkusers=$sippdir/mkusers.sh
kamcfg=$here/kamailio/proxy.cfg
for f in register_auth.xml bench_uac.xml bench_uac_auth.xml bench_uas.xml; do
	[ -f "$sippdir/$f" ] || die "missing $sippdir/$f"
done
[ -x "$mkusers" ] && [ -f "$kamcfg" ] || die "missing $mkusers or $kamcfg"

caller=100000
callee=100001
password=bench-secret-1
# Dialtone's relay ports. Every other port of this script (SIP, sipp) is
# taken below 20000, so the relay never grabs a port sipp wants next.
rtp_ports=20000-59999
clk_tck=$(getconf CLK_TCK)
hold_s=$(awk -v h="$hold_ms" 'BEGIN { printf "%g", h / 1000 }')
# sipp's socket buffers are 64 KB by default: at thousands of messages/s its
# own socket drops and the retransmissions would be sipp's. 4 MB (the
# kernel caps it at net.core.rmem_max).
sipp_buff=4194304
t_begin=$(date +%s)

tmp=$(mktemp -d /tmp/bench-calls.XXXXXX)
server_pid=""
uas_pid=""
uac_pid=""
fds_pid=""
sleep_pid=""
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	# the sipp pids are timeout(1)'s, which passes TERM on to sipp
	local p
	[ -z "$fds_pid" ] || kill "$fds_pid" 2>/dev/null || true
	[ -z "$sleep_pid" ] || kill "$sleep_pid" 2>/dev/null || true
	for p in "$uac_pid" "$uas_pid"; do
		if [ -n "$p" ]; then kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; fi
	done
	stop_group "$server_pid" 5
	rm -rf "$tmp"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { echo "bench-calls: $*" >&2; }

# pick_port: sets picked to a loopback port that no socket uses now, in
# 10000..19999 (below Dialtone's relay range), even, with its odd neighbour
# free too (sipp's media port may use it), and not handed out before in this
# run (two ports picked before either is bound must differ). A function
# setting a variable, not $(...): the list of ports handed out must persist.
declare -A ports_given
pick_port() {
	local used port i
	used=$({ ss -Htuan 2>/dev/null || true; } | awk '{ n = split($4, a, ":"); print a[n] }')
	for i in $(seq 1 200); do
		port=$((10000 + (RANDOM * 32768 + RANDOM) % 10000))
		port=$((port & ~1))
		if [ -z "${ports_given[$port]:-}" ] && ! grep -qx -e "$port" -e "$((port + 1))" <<<"$used"; then
			ports_given[$port]=1
			picked=$port
			return 0
		fi
	done
	die "no free port in 10000..19999"
}

"$mkusers" 1 "$caller" "$password" >"$tmp/caller.csv"
"$mkusers" 1 "$callee" "$password" >"$tmp/callee.csv"

if [ -z "$dialtone_bin" ]; then
	log "building Dialtone (CGO_ENABLED=0 go build ./cmd/dialtone)"
	(cd "$root" && CGO_ENABLED=0 timeout 600 go build -o "$tmp/bin/dialtone" ./cmd/dialtone) ||
		die "go build ./cmd/dialtone failed"
	dialtone_bin=$tmp/bin/dialtone
	dialtone_from="built from this tree"
else
	dialtone_from="--dialtone-bin"
fi
commit=$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(cd "$root" && git status --porcelain --untracked-files=no 2>/dev/null || true)" ]; then
	commit+=" + uncommitted changes"
fi

# --- helpers -------------------------------------------------------------------

# children_cpu FILE: user+system seconds of the shell's waited-for
# children, from the output of bash's `times` (its second line). `times`
# must run in the main shell, not in $(...), to see them.
children_cpu() {
	awk 'NR == 2 {
		n = split($0, t, " ")
		s = 0
		for (i = 1; i <= n; i++) { split(t[i], p, "m"); sub("s", "", p[2]); s += p[1] * 60 + p[2] }
		printf "%.3f\n", s
	}' "$1"
}

stat_or_zero() {
	local v
	v=$(sipp_stat "$1" "$2" 2>/dev/null || true)
	is_uint "${v%%.*}" && echo "$v" || echo 0
}

# created_rate FILE COUNT: the rate at which sipp created calls, from its
# -trace_stat rows (one a second): calls created by the last row before
# all COUNT were, over the time since the start. (sipp's own CallRate(C)
# also counts the time the last calls are held.)
created_rate() {
	[ -f "$1" ] || { echo 0; return; }
	awk -F';' -v n="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == "TotalCallCreated") c = i; next }
		c {
			split($1, s, "\t"); split($3, now, "\t")
			t = now[3] - s[3]; k = $c
			if (k < n && t >= 0.5) { lt = t; lk = k }
			if (k >= n && !nt) nt = t
		}
		END {
			if (lk > 0 && lt > 0) printf "%.0f\n", lk / lt
			else if (nt > 0) printf "%.0f\n", n / nt
			else print 0
		}' "$1"
}

# setup_times FILE: "AVG P99" call set-up time in ms (INVITE to 200, the 407
# round trip included), from sipp's ResponseTime1 and its repartition
# (the p99 is the upper bound of the bucket it falls in).
setup_times() {
	[ -f "$1" ] || { echo "- -"; return; }
	awk -F';' '
		NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i; nf = NF; next }
		{ last = $0 }
		END {
			split(last, v, ";")
			avg = "-"; tot = 0; nb = 0
			for (i = 1; i <= nf; i++) {
				if (h[i] == "ResponseTime1(C)") { split(v[i], p, ":"); avg = sprintf("%.1f", p[1] * 3600000 + p[2] * 60000 + p[3] * 1000 + p[4] / 1000) }
				if (h[i] ~ /^ResponseTimeRepartition1_/) { nb++; lab[nb] = h[i]; cnt[nb] = v[i] + 0; tot += v[i] }
			}
			p99 = "-"
			if (tot > 0) {
				cum = 0
				for (b = 1; b <= nb; b++) {
					cum += cnt[b]
					if (cum >= 0.99 * tot) { p99 = lab[b]; sub(/^ResponseTimeRepartition1_/, "", p99); break }
				}
			}
			print avg, p99
		}' "$1"
}

# wait_quiet: waits (at most 3 s) for one second in which the machine is at
# most 10 % busy beyond what our own servers and sipps use, so that other
# work does not skew a step. Goes on anyway: the step's "other CPU" column
# then shows it.
wait_quiet() {
	local i b0 b1 o0 o1 ncpu
	ncpu=$(nproc)
	for i in 1 2 3; do
		b0=$(all_procs_ticks); o0=$(own_ticks)
		sleep 1
		b1=$(all_procs_ticks); o1=$(own_ticks)
		if [ $(((b1 - b0) - (o1 - o0))) -le $((clk_tck * ncpu / 10)) ]; then
			return 0
		fi
	done
	log "the machine is busy with other work: measuring anyway"
}

# own_ticks: CPU ticks of the server and the callee sipp now running.
own_ticks() {
	local s=0 u=0
	[ -z "$server_pid" ] || s=$(proc_tree_ticks "$server_pid")
	[ -z "$uas_pid" ] || u=$(proc_tree_ticks "$uas_pid")
	echo $((s + u))
}

# wait_server PORT SECONDS: waits until the server started as $server_pid
# accepts TCP on 127.0.0.1:PORT; fails at once if it has exited.
wait_server() {
	local port=$1 secs=$2 i
	for i in $(seq 1 $((secs * 10))); do
		kill -0 "$server_pid" 2>/dev/null || return 1
		if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# rss_kb PID: VmRSS of one process, in KiB.
rss_kb() {
	awk '/^VmRSS:/ { print $2; f = 1 } END { if (!f) print 0 }' "/proc/$1/status" 2>/dev/null || echo 0
}

# log_lines FILE: lines in a server log that are not gctrace output.
log_lines() {
	{ grep -cv '^gc [0-9]' "$1" 2>/dev/null || true; } | head -1
}

# sipp_reasons FILE: why sipp gave up calls, from its -trace_err file: the
# two most frequent reasons (call ids and numbers folded), with counts.
# "Dead call" lines (messages for calls already over) are left out.
sipp_reasons() {
	[ -f "$1" ] || return 0
	sed 's/\r//' "$1" | awk '
		/^.?[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]\t/ && !/Dead call/ {
			m = $0; sub(/^[^\t]*\t[^\t]*\t[0-9.]+: /, "", m)
			gsub(/ for Call-I[dD] \047[^\047]*\047/, "", m); gsub(/ \(index [0-9]+\)/, "", m)
			gsub(/[0-9]+-[0-9]+@[0-9.]+/, "ID", m); sub(/\047$/, "", m)
			c[m]++
		}
		END { for (k in c) print c[k] "\t" k }' | sort -rn | head -2 |
		awk -F'\t' '{ printf "%s%s x %s", (NR > 1 ? "; " : ""), $1, $2 }' | tr '|' '/' | cut -c1-300 || true
}

# log_summary FILE: the server's warnings and errors, most frequent first,
# "COUNT MESSAGE" a line: Dialtone's slog msg= and err= (numbers, ids and
# paths folded), Kamailio's lines as they are.
log_summary() {
	grep -v -e '^gc [0-9]' -e 'yardstick proxy:' "$1" 2>/dev/null |
		grep -iE 'level=(WARN|ERROR)|ERROR|WARNING|CRITICAL|panic' |
		awk '{
			line = $0
			if (match(line, /level=[A-Z]+/)) {
				out = substr(line, RSTART + 6, RLENGTH - 6)
				if (match(line, /msg="[^"]*"/)) out = out " " substr(line, RSTART, RLENGTH)
				if (match(line, /err="[^"]*"/)) out = out " " substr(line, RSTART, RLENGTH)
				else if (match(line, /err=[^ ]+/)) out = out " " substr(line, RSTART, RLENGTH)
			} else {
				out = line; sub(/^ *[0-9]+\([0-9]+\) /, "", out)
			}
			gsub(/\/tmp\/[^ :"]*/, "PATH", out); gsub(/[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f-]+/, "ID", out)
			gsub(/[0-9][0-9]+/, "N", out)
			print substr(out, 1, 220)
		}' | sort | uniq -c | sort -rn | head -8 || true
}

# fd_sampler PID FILE: until killed, writes to FILE the most file
# descriptors PID had open, sampled every second.
fd_sampler() {
	# a subshell of its own, killed at the end of the step: a pipeline cut
	# short there is no error worth a message
	trap - ERR
	set +e
	local pid=$1 file=$2 n max=0
	while kill -0 "$pid" 2>/dev/null; do
		n=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
		if [ "$n" -gt "$max" ]; then max=$n; echo "$max" >"$file"; fi
		sleep 1
	done
}

# --- servers -------------------------------------------------------------------

kam_version=$({ kamailio -v 2>/dev/null || true; } | awk '/^version:/ && !v { v = $3 } END { print v }')

# start_kamailio [-A WITH_CALL_AUTH]
start_kamailio() {
	local dir=$tmp/kamailio$# port
	mkdir -p "$dir"
	pick_port; port=$picked
	setsid kamailio -f "$kamcfg" -m 1024 -M 64 -DD -E -Y "$dir" -P "$dir/kamailio.pid" -w "$dir" \
		-A "PORT=$port" -A "FIRST_USER=$caller" -A NUM_USERS=2 \
		-A "USER_PASSWORD=\"$password\"" -A CHILDREN=4 "$@" \
		</dev/null >"$dir/kamailio.log" 2>&1 &
	server_pid=$!
	server_port=$port
	if ! wait_server "$port" 30; then
		tail -20 "$dir/kamailio.log" >&2
		die "Kamailio did not listen on 127.0.0.1:$port within 30 s"
	fi
	server_log=$dir/kamailio.log
}
start_kamailio_noauth() {
	start_kamailio
	server_label="Kamailio $kam_version proxy, no auth"
	uac_scenario=bench_uac.xml
}
start_kamailio_auth() {
	start_kamailio -A WITH_CALL_AUTH
	server_label="Kamailio $kam_version proxy + 407 auth"
	uac_scenario=bench_uac_auth.xml
}

dialtone_envs() {
	local dir=$1
	echo "DIALTONE_DATA_DIR=$dir/data"
	echo "DIALTONE_SIP_LISTEN=127.0.0.1:$2"
	echo "DIALTONE_SIP_TLS_LISTEN=" # and -sip-tls-listen= (see start_dialtone_in)
	echo "DIALTONE_HTTP_LISTEN=127.0.0.1:$3"
	echo "DIALTONE_LOG_LEVEL=warn"
	# One sipp is one source address: a per-source request limit (the SBC's
	# flood protection) would measure the limiter, not the calls.
	echo "DIALTONE_SIP_RATE_LIMIT=0"
	# SIPp 3.6.1 answers only the first challenge, and only MD5.
	echo "DIALTONE_SIP_AUTH_ALGORITHMS=MD5"
	echo "DIALTONE_RTP_PORTS=$rtp_ports"
	echo "DIALTONE_MEDIA_ADDR=127.0.0.1"
	echo "DIALTONE_NODE_NAME=bench"
	local kv
	for kv in $dialtone_env; do echo "$kv"; done
}

# start_dialtone_in DIR [EXTRA_ENV...]: a fresh Dialtone with the two
# extensions, in DIR.
start_dialtone_in() {
	local dir=$1 port hport n
	shift
	mkdir -p "$dir/data"
	pick_port; port=$picked
	pick_port; hport=$picked
	mapfile -t envs < <(dialtone_envs "$dir" "$port" "$hport")
	dialtone_env_used="${envs[*]}"
	for n in "$caller" "$callee"; do
		timeout 60 env "${envs[@]}" "$dialtone_bin" ext add "$n" --name "bench $n" --password "$password" \
			>>"$dir/add.log" 2>&1 || { tail -5 "$dir/add.log" >&2; die "Dialtone: ext add $n failed"; }
	done
	# An empty DIALTONE_SIP_TLS_LISTEN is ignored (empty environment
	# variables count as unset): only the flag turns TLS off, else Dialtone
	# listens on 0.0.0.0:5061.
	setsid env "${envs[@]}" "$@" "$dialtone_bin" serve -sip-tls-listen= </dev/null >"$dir/serve.log" 2>&1 &
	server_pid=$!
	server_port=$port
	if ! wait_server "$port" 60; then
		tail -20 "$dir/serve.log" >&2
		die "Dialtone did not listen on 127.0.0.1:$port (SIP over TCP) within 60 s"
	fi
	server_log=$dir/serve.log
}
start_dialtone() {
	start_dialtone_in "$tmp/dialtone"
	server_label="Dialtone $({ "$dialtone_bin" version 2>/dev/null || true; } | awk 'NR == 1 { v = $2 } END { print v }') B2BUA"
	server_label=${server_label/  / }
	uac_scenario=bench_uac_auth.xml
	dialtone_env_steps=${dialtone_env_used//$tmp/\$TMP}
}

# --- sipp ------------------------------------------------------------------------

# register_callee: registers the callee from a new port, the callee sipp's
# port to be; sets uas_port. Fails when the server did not answer 200.
register_callee() {
	pick_port; uas_port=$picked
	timeout 30 sipp "127.0.0.1:$server_port" -sf "$sippdir/register_auth.xml" -inf "$tmp/callee.csv" \
		-key expires 3600 -t u1 -i 127.0.0.1 -p "$uas_port" -m 1 -timeout 15s -timeout_error -nostdin \
		-trace_err -error_file "$tmp/register.err" >"$tmp/register.out" 2>&1
}

# start_uas NAME: the callee sipp on $uas_port, until stopped (at most
# --max-seconds and 3 minutes).
start_uas() {
	local name=$1 mport
	pick_port; mport=$picked
	rm -f "$tmp/$name.csv"
	timeout -s KILL $((max_seconds + 240)) \
		sipp "127.0.0.1:$server_port" -sf "$sippdir/bench_uas.xml" -t u1 -i 127.0.0.1 -p "$uas_port" \
		-mp "$mport" -nostdin -timeout "$((max_seconds + 180))s" -buff_size "$sipp_buff" \
		-trace_stat -stf "$tmp/$name.csv" -fd 1 -trace_err -error_file "$tmp/$name.err" \
		>"$tmp/$name.out" 2>&1 &
	uas_pid=$!
	uas_stats=$tmp/$name.csv
	sleep 0.5
	kill -0 "$uas_pid" 2>/dev/null
}

stop_uas() {
	if [ -n "$uas_pid" ]; then
		kill -TERM "$uas_pid" 2>/dev/null || true
		wait "$uas_pid" 2>/dev/null || true
		uas_pid=""
	fi
}

# run_uac NAME RATE COUNT HOLD_MS [background]: the caller sipp; its
# statistics in $tmp/NAME.csv. In the foreground sets sipp_rc, sipp_error,
# sipp_cpu_s, wall_s; in the background sets uac_pid.
run_uac() {
	local name=$1 rate=$2 count=$3 hold=$4 bg=${5:-} limit lport mport t0 t1 before after secs
	pick_port; lport=$picked
	pick_port; mport=$picked
	# room for every call of a few seconds at the rate
	limit=$((rate * (hold / 1000 + 5) + 1000))
	# sipp warns when open calls could exceed the open-files limit
	[ "$limit" -le 15000 ] || limit=15000
	secs=$((count / rate + hold / 1000 + 30))
	rm -f "$tmp/$name.csv"
	local cmd=(sipp "127.0.0.1:$server_port" -sf "$sippdir/$uac_scenario" -inf "$tmp/caller.csv"
		-key callee "$callee" -t u1 -i 127.0.0.1 -p "$lport" -mp "$mport" -r "$rate" -rp 1000 -m "$count"
		-l "$limit" -d "$hold" -timeout "${secs}s" -timeout_error -nostdin -buff_size "$sipp_buff"
		-trace_stat -stf "$tmp/$name.csv" -fd 1 -trace_err -error_file "$tmp/$name.err"
		-trace_screen -screen_file "$tmp/$name.screen")
	if [ -n "$bg" ]; then
		timeout -s KILL $((secs + 30)) "${cmd[@]}" >"$tmp/$name.out" 2>&1 &
		uac_pid=$!
		return 0
	fi
	times >"$tmp/times.before"
	t0=$(date +%s.%N)
	timeout -s KILL $((secs + 30)) "${cmd[@]}" >"$tmp/$name.out" 2>&1 &
	uac_pid=$!
	sipp_rc=0
	wait "$uac_pid" || sipp_rc=$?
	uac_pid=""
	t1=$(date +%s.%N)
	times >"$tmp/times.after"
	before=$(children_cpu "$tmp/times.before")
	after=$(children_cpu "$tmp/times.after")
	if [ "$sipp_rc" = 255 ] || [ "$sipp_rc" = 137 ]; then
		# sipp's fatal error, without its time stamps
		sipp_error=$(awk -F'\t' 'NF >= 3 && $3 ~ /: / { sub(/^[^:]*: /, "", $3); if (!seen[$3]++ && n++ < 3) print $3 }' \
			"$tmp/$name.out" || true)
		[ "$sipp_rc" != 137 ] || sipp_error="killed after ${secs}+30 s"
		log "sipp stopped (exit $sipp_rc): ${sipp_error:-see its output}"
	else
		sipp_error=""
	fi
	wall_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	sipp_cpu_s=$(awk -v a="$before" -v b="$after" 'BEGIN { printf "%.3f", b - a }')
}

# uas_counts: "SUCCESSFUL FAILED RETRANSMISSIONS" of the callee sipp so far.
uas_counts() {
	echo "$(stat_or_zero "$uas_stats" "SuccessfulCall(C)") $(stat_or_zero "$uas_stats" "FailedCall(C)")" \
		"$(stat_or_zero "$uas_stats" "Retransmissions(C)")"
}

# --- one target ------------------------------------------------------------------

declare -a t_label t_best t_cpu t_retr t_rss t_other t_setup t_limit_note
declare -A clean_cpu
steps_md=""
log_md=""

# bench_target INDEX START_FUNCTION
bench_target() {
	local idx=$1 start=$2 rate count ok succ fail retr created crate ticks0 ticks1 u0 u1 \
		cpu_us srv_pct sipp_pct verdict best="" best_cpu="" best_retr="" best_other="" best_setup="" rss \
		busy0 busy1 drops0 drops1 other_pct uas0 uas1 us_ok us_fail us_retr setup l0 l1 attempt again \
		last_rate="" fds
	$start
	log "$server_label on 127.0.0.1:$server_port (pid $server_pid)"
	t_label[$idx]=$server_label
	t_limit_note[$idx]=""
	if ! register_callee; then
		log "$server_label: registering the callee failed"
		tail -5 "$tmp/register.out" >&2 || true
		steps_md+="| $server_label | - | | | | | | | | | | | | | no step run: the callee did not register |"$'\n'
		t_best[$idx]=none t_cpu[$idx]=- t_retr[$idx]=- t_rss[$idx]=- t_other[$idx]=- t_setup[$idx]=-
		stop_group "$server_pid" 10; server_pid=""
		return 0
	fi
	start_uas "t$idx-uas" || die "the callee sipp did not start: $(tail -3 "$tmp/t$idx-uas.out")"
	wait_quiet
	read -r uas0 < <(uas_counts | tr ' ' ,)

	for rate in $rates; do
		last_rate=$rate
		if [ $(($(date +%s) - t_begin)) -ge "$max_seconds" ]; then
			t_limit_note[$idx]="stepping stopped before $rate/s: --max-seconds $max_seconds reached"
			log "${t_limit_note[$idx]}"
			ok=2
			break
		fi
		count=$((rate * duration))
		for attempt in 1 2; do
			kill -0 "$server_pid" 2>/dev/null || { log "$server_label exited"; tail -20 "$server_log" >&2; ok=0; break 2; }
			kill -0 "$uas_pid" 2>/dev/null || { log "the callee sipp exited"; tail -5 "$tmp/t$idx-uas.out" >&2; ok=0; break 2; }
			l0=$(log_lines "$server_log")
			ticks0=$(proc_tree_ticks "$server_pid")
			u0=$(proc_tree_ticks "$uas_pid")
			busy0=$(all_procs_ticks)
			drops0=$(udp_rcvbuf_errors)
			echo 0 >"$tmp/fds"
			fd_sampler "$server_pid" "$tmp/fds" &
			fds_pid=$!
			run_uac "t$idx-r$rate-$attempt" "$rate" "$count" "$hold_ms"
			kill "$fds_pid" 2>/dev/null || true
			wait "$fds_pid" 2>/dev/null || true
			fds_pid=""
			fds=$(cat "$tmp/fds")
			ticks1=$(proc_tree_ticks "$server_pid")
			u1=$(proc_tree_ticks "$uas_pid")
			busy1=$(all_procs_ticks)
			drops1=$(udp_rcvbuf_errors)
			rss=$(proc_tree_rss_mb "$server_pid")
			# The callee sipp writes its statistics once a second: the
			# wait for a quiet machine (a second at least) lets it, and
			# readies the next step.
			wait_quiet
			read -r uas1 < <(uas_counts | tr ' ' ,)
			l1=$(log_lines "$server_log")
			us_ok=$((${uas1%%,*} - ${uas0%%,*}))
			us_fail=$(($(cut -d, -f2 <<<"$uas1") - $(cut -d, -f2 <<<"$uas0")))
			us_retr=$((${uas1##*,} - ${uas0##*,}))
			uas0=$uas1
			local f=$tmp/t$idx-r$rate-$attempt.csv
			succ=$(stat_or_zero "$f" "SuccessfulCall(C)")
			fail=$(stat_or_zero "$f" "FailedCall(C)")
			retr=$(stat_or_zero "$f" "Retransmissions(C)")
			created=$(stat_or_zero "$f" "TotalCallCreated")
			crate=$(created_rate "$f" "$count")
			setup=$(setup_times "$f")
			sipp_cpu_s=$(awk -v c="$sipp_cpu_s" -v u=$((u1 - u0)) -v hz="$clk_tck" 'BEGIN { printf "%.3f", c + u / hz }')
			other_pct=$(awk -v b=$((busy1 - busy0)) -v t=$((ticks1 - ticks0)) -v c="$sipp_cpu_s" -v hz="$clk_tck" -v w="$wall_s" \
				'BEGIN { o = 100 * ((b - t) / hz - c) / w; printf "%.0f", (o < 0 ? 0 : o) }')
			cpu_us=$(awk -v t=$((ticks1 - ticks0)) -v hz="$clk_tck" -v n="$succ" \
				'BEGIN { if (n > 0) printf "%.0f", t * 1e6 / hz / n; else print "-" }')
			srv_pct=$(awk -v t=$((ticks1 - ticks0)) -v hz="$clk_tck" -v w="$wall_s" \
				'BEGIN { printf "%.0f", 100 * t / hz / w }')
			sipp_pct=$(awk -v c="$sipp_cpu_s" -v w="$wall_s" 'BEGIN { printf "%.0f", 100 * c / w }')
			ok=$(awk -v s="$succ" -v m="$count" -v f="$fail" -v rc="$sipp_rc" -v cr="$crate" -v r="$rate" -v uf="$us_fail" \
				'BEGIN { print (rc == 0 && f == 0 && uf == 0 && s == m && cr >= 0.95 * r) ? 1 : 0 }')
			if [ "$ok" = 1 ]; then
				verdict="clean"
				best=$rate best_cpu=$cpu_us best_retr="$retr / $us_retr" best_other=$other_pct best_setup=$setup
				clean_cpu["$idx:$rate"]=$cpu_us
			elif [ "$sipp_rc" = 255 ] || [ "$sipp_rc" = 137 ]; then
				verdict="sipp stopped (exit $sipp_rc): $(head -1 <<<"${sipp_error:-fatal error or -timeout}" | tr '|' '/')"
			elif [ "$fail" != 0 ] || [ "$us_fail" != 0 ]; then
				verdict="$fail failed at the caller, $us_fail at the callee"
				# sipp's reasons, the first few distinct ones
				local why
				why=$(sipp_reasons "$tmp/t$idx-r$rate-$attempt.err")
				[ -z "$why" ] || verdict+=" ($why)"
			elif [ "$succ" != "$count" ]; then
				verdict="$succ of $count calls completed"
			else
				verdict="below rate"
			fi
			[ "$((l1 - l0))" = 0 ] || verdict+="; $((l1 - l0)) log lines"
			# A step spoilt by other work on the machine is run once more.
			again=0
			if [ "$ok" != 1 ] && [ "$attempt" = 1 ] && [ "$other_pct" -gt 25 ]; then
				again=1
				verdict+=" (other work on the machine: run again)"
			fi
			log "$server_label @ $rate/s: $succ/$count ok, $fail failed (callee: $us_ok ok, $us_fail failed)," \
				"retransmissions $retr/$us_retr, created at $crate/s, server ${cpu_us} µs/call, set-up avg/p99 ${setup/ //} ms," \
				"other CPU $other_pct %, $verdict"
			steps_md+="| $server_label | $rate | $crate | $succ / $created | $fail / $us_fail | $retr / $us_retr | $((drops1 - drops0)) | ${setup% *} / ${setup#* } | $srv_pct % | $sipp_pct % | $other_pct % | $cpu_us | $rss | $fds | $verdict |"$'\n'
			[ "$again" = 1 ] || break
		done
		[ "$ok" = 1 ] || break
	done

	t_best[$idx]=${best:-none}
	if [ -n "$best" ] && [ "$best" = "$last_rate" ] && [ "$ok" = 1 ]; then
		t_best[$idx]="$best (every rate clean: the limit is higher)"
	fi
	t_cpu[$idx]=${best_cpu:--}
	t_retr[$idx]=${best_retr:--}
	t_rss[$idx]=${rss:--}
	t_other[$idx]=${best_other:--}
	t_setup[$idx]=${best_setup:--}
	# What the server logged, most frequent first (Dialtone: slog's msg=).
	local top
	top=$(log_summary "$server_log")
	if [ -n "$top" ]; then
		log_md+="$server_label, warnings and errors in its log (count, message):"$'\n\n'
		log_md+=$(awk '{ n = $1; $1 = ""; sub(/^ /, ""); gsub(/`/, "'"'"'"); printf "    %6d  %s\n", n, $0 }' <<<"$top")$'\n\n'
	fi
	stop_uas
	stop_group "$server_pid" 10
	server_pid=""
}

# --- memory per active call (Dialtone) -------------------------------------------

mem_md=""
mem_rss_per_call="-" mem_heap_per_call="-"
bench_memory() {
	local n=$mem_calls rate=$mem_rate ramp hold start_ticks boot_s t0 tm rss0 rss1 cur uas_cur answered heap_note
	ramp=$(((n + rate - 1) / rate))
	# every call is held until all are up, and 8 s more
	hold=$(((ramp + 10) * 1000))
	start_dialtone_in "$tmp/dialtone-mem" GODEBUG=gctrace=1
	uac_scenario=bench_uac_auth.xml
	log "memory: fresh Dialtone (pid $server_pid), $n calls at $rate/s, each held $((hold / 1000)) s"
	if ! register_callee; then
		mem_md="Memory per call: not measured, the callee did not register."
		stop_group "$server_pid" 5; server_pid=""
		return 0
	fi
	start_uas "mem-uas" || die "the callee sipp did not start"
	sleep 1
	# Process start, in seconds since boot: gctrace's "@T s" counts from it.
	start_ticks=$(awk '{ rest = substr($0, index($0, ") ") + 2); split(rest, f, " "); print f[20] }' "/proc/$server_pid/stat")
	boot_s=$(awk -v t="$start_ticks" -v hz="$clk_tck" 'BEGIN { printf "%.3f", t / hz }')
	rss0=$(rss_kb "$server_pid")
	t0=$(awk -v b="$boot_s" '{ printf "%.3f", $1 - b }' /proc/uptime)
	run_uac mem-uac "$rate" "$n" "$hold" background
	# in the background, so that a TERM is handled at once
	sleep $((ramp + 8)) &
	sleep_pid=$!
	wait "$sleep_pid" || true
	sleep_pid=""
	rss1=$(rss_kb "$server_pid")
	tm=$(awk -v b="$boot_s" '{ printf "%.3f", $1 - b }' /proc/uptime)
	cur=$(stat_or_zero "$tmp/mem-uac.csv" CurrentCall)
	uas_cur=$(stat_or_zero "$uas_stats" CurrentCall)
	answered=$({ timeout 20 env "${envs[@]}" "$dialtone_bin" call list --json 2>/dev/null || true; } | grep -c '"answered_at"' || true)
	log "memory: RSS $rss0 KiB before, $rss1 KiB with $answered answered calls (caller sipp: $cur open, callee sipp: $uas_cur)"
	kill -TERM "$uac_pid" 2>/dev/null || true
	wait "$uac_pid" 2>/dev/null || true
	uac_pid=""
	stop_uas
	stop_group "$server_pid" 1
	server_pid=""
	local calls=$answered
	is_uint "$calls" && [ "$calls" -gt 0 ] || calls=$uas_cur
	if ! is_uint "$calls" || [ "$calls" -lt $((n / 2)) ]; then
		mem_md="Memory per call: not measured, only ${calls:-0} of $n calls were up at the measurement."
		return 0
	fi
	mem_rss_per_call=$(awk -v a="$rss0" -v b="$rss1" -v n="$calls" 'BEGIN { printf "%.1f", (b - a) / n }')
	# Go heap: gctrace prints, per collection, "@T s" since the start and
	# "A->B->C MB" (C: the heap marked live) and "N MB stacks". Two points:
	# the last collection before the ramp (0 calls up) or else the first in
	# it, and the last before the measurement; calls up at a collection in
	# the ramp = rate x time since its start (the ramp is linear), at most
	# the calls up at the end.
	local heap
	heap=$(awk -v t0="$t0" -v tm="$tm" -v r="$rate" -v n="$calls" '
		/^gc [0-9]+ @/ {
			s = $3; sub(/^@/, "", s); sub(/s$/, "", s); s += 0
			l = ""; st = 0
			for (i = 1; i <= NF; i++) {
				if ($i == "MB," && $(i - 1) ~ /->/) { split($(i - 1), h, "->"); l = h[3] }
				if ($i == "stacks,") st = $(i - 2)
			}
			if (l == "") next
			u = (s - t0) * r; if (u < 0) u = 0; if (u > n) u = n
			if (s <= t0) { bs = s; bl = l + st; bu = 0; hb = 1 }
			else if (s <= tm) {
				if (!hf) { fs = s; fl = l + st; fu = u; hf = 1 }
				ls = s; ll = l + st; lu = u; hl = 1
			}
		}
		END {
			if (!hb && hf) { bs = fs; bl = fl; bu = fu; hb = 1 }
			if (!hb || !hl || lu - bu < n / 2) { print "- no two garbage collections far enough apart in the ramp (gctrace)"; exit }
			printf "%.1f live heap + goroutine stacks %d MB with ~%d calls up (%.1f s into the ramp) -> %d MB with ~%d calls up (%.1f s), at the collections nearest the ends of the ramp (gctrace, whole MB)\n", (ll - bl) * 1024 / (lu - bu), bl, bu, bs - t0, ll, lu, ls - t0
		}' "$tmp/dialtone-mem/serve.log")
	mem_heap_per_call=${heap%% *}
	heap_note=${heap#* }
	mem_md="| calls up (answered, \`dialtone call list\`) | RSS before | RSS with the calls up | **RSS per call** | Go heap + stacks per call | goal |"$'\n'
	mem_md+="|---|---|---|---|---|---|"$'\n'
	mem_md+="| $calls | $((rss0 / 1024)) MiB | $((rss1 / 1024)) MiB | **$mem_rss_per_call KiB** | $mem_heap_per_call KiB | ≤ 64 KiB |"$'\n\n'
	mem_md+="$n calls at $rate/s on a fresh Dialtone, each held $((hold / 1000)) s; RSS (VmRSS, /proc) read 8 s after the last call was set up"
	mem_md+=" (the response caches of the first calls have expired by then, those of the last few seconds not)."
	mem_md+=" RSS per call = (RSS with the calls up − RSS before) / calls up: it includes what the Go runtime keeps for heap growth (GOGC=100) and goroutine stacks."
	mem_md+=" Heap: $heap_note."
}

# --- run -----------------------------------------------------------------------

# Target indexes: 0 Kamailio without auth, 1 Kamailio with auth, 2 Dialtone.
# Dialtone runs first (with its memory measurement) so that --max-seconds
# never cuts its figures short; the report lists Kamailio first.
started=$(date -u '+%Y-%m-%d %H:%M UTC')
idial=2
ikam_auth=""
order="0 2"
bench_target "$idial" start_dialtone
if [ "$mem_calls" -gt 0 ]; then
	if [ $(($(date +%s) - t_begin)) -lt "$max_seconds" ]; then
		bench_memory
	else
		mem_md="Memory per call: not measured, --max-seconds $max_seconds reached."
	fi
fi
bench_target 0 start_kamailio_noauth
if [ "$kam_auth" = 1 ]; then
	bench_target 1 start_kamailio_auth
	ikam_auth=1
	order="0 1 2"
fi

# --- report --------------------------------------------------------------------

ratio() { # ratio A B: A/B with two decimals, or "-"
	awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }'
}
# goal_text RATIO: how it stands against the issue's goals
goal_text() {
	awk -v r="$1" 'BEGIN { if (r == "-") print "-"; else if (r + 0 >= 1.0) print "stretch goal (≥ 1.0×) met"; else if (r + 0 >= 0.5) print "goal (≥ 0.5×) met, stretch (1.0×) not"; else print "goal (≥ 0.5×) **not met**" }'
}
# best_of IDX: the highest clean rate as a number (or empty)
best_of() { awk '{ print ($1 ~ /^[0-9]+$/) ? $1 : "" }' <<<"${t_best[$1]}"; }

cpu_model=$(awk -F': ' '/^model name/ && !m { m = $2 } END { print m }' /proc/cpuinfo)
sipp_version=$({ sipp -v 2>&1 || true; } | awk '/SIPp v/ && !v { v = $2; sub(/^v/, "", v); sub(/-.*/, "", v) } END { print v }')
elapsed=$(($(date +%s) - t_begin))
report=$(
	echo "## Calls per second: Dialtone B2BUA vs Kamailio stateful proxy (issue 4)"
	echo
	echo "Command: \`$cmdline\` ($started, ${elapsed} s; Dialtone $dialtone_from, commit \`$commit\`;" \
		"Kamailio $kam_version with \`scripts/kamailio/proxy.cfg\`; SIPp $sipp_version)."
	echo
	echo "Machine: $(nproc) cores ($cpu_model), $(uname -r), open-files limit $(ulimit -n)." \
		"**The sipps (caller and callee) and the server share these $(nproc) cores**: the column \"sipp CPU\"" \
		"shows what the load generator itself took, so the rates are floors, comparable within one run."
	echo
	echo "Each call: INVITE with an SDP offer → (100) → 200 with SDP → ACK, held $hold_s s, BYE → 200, over UDP on" \
		"127.0.0.1, from one caller extension ($caller) to one callee extension ($callee) registered from the" \
		"callee sipp's port. The callee sends no 180 and no RTP flows. Dialtone challenges every INVITE (407, MD5," \
		"qop=auth: INVITE, 407, ACK, INVITE with Proxy-Authorization), anchors the media on relay ports of its own" \
		"($rtp_ports; 4 sockets per call) and writes a CDR per call. Kamailio forwards statefully (tm) with" \
		"record_route after a usrloc lookup, first without authentication (what the issue's comparison implies)," \
		"then challenging every INVITE the same way — with auth both carry the same 14 messages per call;" \
		"without it Kamailio's calls are 4 messages shorter and need no digest."
	echo
	echo "Each step lasts $duration s of new calls (count = rate × $duration); a step is clean when every call" \
		"succeeded at the caller, none failed at the callee and sipp created calls at ≥ 95 % of the rate;" \
		"stepping stops at the first step that is not clean. CPU µs per call = server user+system CPU time" \
		"(/proc, all its processes, during the step including the hold and hang-up) / successful calls."
	echo
	echo "| target | highest clean rate (calls/s) | server CPU µs per call at that rate | retransmissions at that rate (caller / callee sipp) | set-up ms avg / p99 bucket | server RSS MB after the last step | other CPU during that step |"
	echo "|---|---|---|---|---|---|---|"
	for i in $order; do
		s=${t_setup[$i]:--}
		echo "| ${t_label[$i]} | ${t_best[$i]} | ${t_cpu[$i]} | ${t_retr[$i]} | ${s% *} / ${s#* } | ${t_rss[$i]} | ${t_other[$i]} % |"
	done
	d=$(best_of "$idial")
	k0=$(best_of 0)
	r0=$(ratio "$d" "$k0")
	echo "| **Dialtone / Kamailio, no auth** | **$r0** ($(goal_text "$r0")) | $(ratio "${t_cpu[$idial]}" "${t_cpu[0]}") | | | | |"
	if [ -n "$ikam_auth" ]; then
		k1=$(best_of 1)
		r1=$(ratio "$d" "$k1")
		echo "| **Dialtone / Kamailio + auth** | **$r1** ($(goal_text "$r1")) | $(ratio "${t_cpu[$idial]}" "${t_cpu[1]}") | | | | |"
	fi
	echo
	for i in $order; do
		case ${t_best[$i]} in *"limit is higher"*)
			echo "${t_label[$i]} was clean at every rate tried: its figure is a floor, and a ratio against it an upper bound."
			echo ;;
		esac
		if [ -n "${t_limit_note[$i]}" ]; then echo "${t_label[$i]}: ${t_limit_note[$i]}."; echo; fi
	done
	# CPU per call falls as the rate rises (fixed costs are shared out):
	# compare it also at one rate every target ran clean.
	common=""
	for r in $rates; do
		all=1
		for i in $order; do [ -n "${clean_cpu[$i:$r]:-}" ] || all=0; done
		[ "$all" = 0 ] || common=$r
	done
	if [ -n "$common" ]; then
		line="At $common calls/s, the highest rate every target ran clean, server CPU per call:"
		for i in $order; do line+=" ${t_label[$i]} ${clean_cpu[$i:$common]} µs;"; done
		line+=" Dialtone / Kamailio no auth $(ratio "${clean_cpu[$idial:$common]}" "${clean_cpu[0:$common]}")"
		[ -z "$ikam_auth" ] || line+=", Dialtone / Kamailio + auth $(ratio "${clean_cpu[$idial:$common]}" "${clean_cpu[1:$common]}")"
		echo "$line."
	else
		echo "No rate ran clean on every target: no CPU comparison at a common rate."
	fi
	echo
	echo "### Memory per active call (Dialtone)"
	echo
	echo "${mem_md:-Not measured (--mem-calls 0).}"
	echo
	echo "Dialtone ran with: \`${dialtone_env_steps:-} dialtone serve -sip-tls-listen=\` (\$TMP: a temp dir; for the memory" \
		"measurement, a fresh one with GODEBUG=gctrace=1 added)."
	echo
	echo "Steps (retransmissions and failures: caller sipp / callee sipp; UDP drops = datagrams the kernel" \
		"dropped on full UDP receive buffers, any socket, during the step; set-up = INVITE to 200 at the caller," \
		"avg / the bucket of sipp's repartition holding the 99th percentile; CPU in % of one core: the server," \
		"both sipps, and everything else on the machine — other work disturbs the figures, the script waits" \
		"up to 3 s for a quiet machine between steps; RSS = the server's largest process after the step;" \
		"open fds = the most file descriptors the server's main process held, sampled each second (Dialtone: its" \
		"only process, 4 UDP sockets per call for the relay; the limit here is $(ulimit -n)); log lines = what the" \
		"server logged during the step):"
	echo
	echo "| target | rate/s | created at /s | successful / created | failed | retrans. | UDP drops | set-up ms | server CPU | sipp CPU | other CPU | server µs/call | RSS MB | open fds | result |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
	printf '%s' "$steps_md"
	if [ -n "$log_md" ]; then
		echo
		printf '%s' "$log_md"
	fi
)

echo "$report"
if [ -n "$out" ]; then
	{ echo; echo "$report"; } >>"$out"
	log "appended to $out"
fi
