#!/usr/bin/env bash
# bench-register.sh: REGISTER-with-digest-auth capacity of Kamailio (the
# yardstick) and, with --dialtone-bin, of Dialtone, side by side in one run.
#
# usage: scripts/bench-register.sh [--dialtone-bin PATH] [--duration SECONDS]
#          [--rates "2000 4000 ..."] [--users N] [--out FILE]
#          [--dialtone-env "NAME=VALUE ..."]
#
# For each target it starts the server on 127.0.0.1 (private ports, temp dir),
# gives it --users extensions (100000 up, one password), registers them all
# once (warm-up), then runs sipp e2e/sipp/register_auth.xml over UDP at each
# rate for --duration seconds, going up until a step is not clean. A step is
# clean when every registration (REGISTER -> 401 -> REGISTER -> 200)
# succeeded, none failed, and sipp reached at least 95 % of the rate. The
# server's CPU time (utime+stime of its process tree from /proc) is divided
# by the successful registrations.
#
# Prints a Markdown report; with --out FILE appends it to FILE as a dated
# section. Every process it starts is stopped on exit, every temp file removed.
set -Eeuo pipefail
# Say where an unexpected failure stopped the run (set -e exits silently).
trap 'echo "bench-register: stopped by a failing command at line $LINENO: $BASH_COMMAND" >&2' ERR

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=lib/common.sh
. "$here/lib/common.sh"

usage() {
	sed -n '4,6p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

# The command line as typed, quoted for a shell where needed.
cmdline="scripts/bench-register.sh"
for a in "$@"; do
	case $a in
	'' | *[!A-Za-z0-9_./:=,+-]*) cmdline+=" '${a//\'/\'\\\'\'}'" ;;
	*) cmdline+=" $a" ;;
	esac
done

dialtone_bin=""
dialtone_env=""
duration=10
rates="2000 4000 6000 8000 10000 13000 16000 20000 25000 30000"
users=20000
out=""
while [ $# -gt 0 ]; do
	case $1 in
	--dialtone-bin) dialtone_bin=${2:?}; shift 2 ;;
	--dialtone-env) dialtone_env=${2?}; shift 2 ;;
	--duration) duration=${2:?}; shift 2 ;;
	--rates) rates=${2:?}; shift 2 ;;
	--users) users=${2:?}; shift 2 ;;
	--out) out=${2:?}; shift 2 ;;
	-h | --help) usage ;;
	*) echo "bench-register: unknown argument '$1'" >&2; usage ;;
	esac
done

is_uint "$duration" && [ "$duration" -ge 1 ] && [ "$duration" -le 120 ] ||
	die "--duration must be 1..120 seconds"
is_uint "$users" && [ "$users" -ge 1 ] && [ "$users" -le 1000000 ] ||
	die "--users must be 1..1000000"
nrates=0
for r in $rates; do
	is_uint "$r" && [ "$r" -ge 1 ] && [ "$r" -le 100000 ] || die "--rates: '$r' is not a rate 1..100000"
	nrates=$((nrates + 1))
done
[ "$nrates" -ge 1 ] && [ "$nrates" -le 12 ] || die "--rates wants 1 to 12 rates"
if [ -n "$dialtone_bin" ]; then
	[ -x "$dialtone_bin" ] || die "--dialtone-bin $dialtone_bin is not an executable"
	dialtone_bin=$(cd "$(dirname "$dialtone_bin")" && pwd)/$(basename "$dialtone_bin")
fi
for c in sipp kamailio ss awk; do
	command -v "$c" >/dev/null || die "$c is missing: run scripts/install-deps.sh"
done

scenario=$root/e2e/sipp/register_auth.xml
mkusers=$root/e2e/sipp/mkusers.sh
kamcfg=$root/scripts/kamailio/kamailio.cfg
[ -f "$scenario" ] && [ -x "$mkusers" ] && [ -f "$kamcfg" ] || die "missing $scenario, $mkusers or $kamcfg"

first_user=100000
password=bench-secret-1
clk_tck=$(getconf CLK_TCK)

tmp=$(mktemp -d /tmp/bench-register.XXXXXX)
server_pid=""
sipp_pid=""
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	# sipp_pid is timeout(1), which passes TERM on to sipp
	if [ -n "$sipp_pid" ]; then kill -TERM "$sipp_pid" 2>/dev/null || true; wait "$sipp_pid" 2>/dev/null || true; fi
	stop_group "$server_pid" 5
	rm -rf "$tmp"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log() { echo "bench-register: $*" >&2; }

"$mkusers" "$users" "$first_user" "$password" >"$tmp/users.csv"
sipp_port=$(free_port) || die "no free port"
# sipp's socket buffers are 64 KB by default: at ~10,000 registrations/s
# its own socket drops responses and the retransmissions are sipp's, not
# the server's. 4 MB (the kernel caps it at net.core.rmem_max).
sipp_buff=4194304

# --- one sipp run -----------------------------------------------------------

# run_sipp NAME SERVER_PORT RATE COUNT: runs register_auth.xml and leaves
# its statistics in $tmp/NAME.csv; sets sipp_rc, sipp_cpu_s, wall_s.
run_sipp() {
	local name=$1 port=$2 rate=$3 count=$4 limit t0 t1 before after
	limit=$((rate > 1000 ? rate : 1000))
	rm -f "$tmp/$name.csv" "$tmp/$name.screen"
	times >"$tmp/times.before"
	t0=$(date +%s.%N)
	# -timeout bounds the run; the outer timeout is a last resort.
	timeout -s KILL $((count / rate + 60)) \
		sipp "127.0.0.1:$port" -sf "$scenario" -inf "$tmp/users.csv" -key expires 3600 \
		-t u1 -i 127.0.0.1 -p "$sipp_port" -r "$rate" -rp 1000 -m "$count" -l "$limit" \
		-timeout "$((count / rate + 30))s" -timeout_error -nostdin -default_behaviors all,-bye \
		-buff_size "$sipp_buff" \
		-trace_stat -stf "$tmp/$name.csv" -fd 1 \
		-trace_screen -screen_file "$tmp/$name.screen" >"$tmp/$name.out" 2>&1 &
	sipp_pid=$!
	sipp_rc=0
	wait "$sipp_pid" || sipp_rc=$?
	sipp_pid=""
	t1=$(date +%s.%N)
	times >"$tmp/times.after"
	before=$(children_cpu "$tmp/times.before")
	after=$(children_cpu "$tmp/times.after")
	if [ "$sipp_rc" = 255 ]; then
		# sipp's fatal error, without its time stamps
		sipp_error=$(awk -F'\t' 'NF >= 3 && $3 ~ /: / { sub(/^[^:]*: /, "", $3); if (!seen[$3]++ && n++ < 3) print $3 }' \
			"$tmp/$name.out" || true)
		log "sipp stopped (exit 255): ${sipp_error:-see its output}"
		if grep -q "must use MD5" <<<"$sipp_error"; then
			log "the server's 401 names another algorithm (SHA-256?) before MD5: SIPp 3.6.1 answers" \
				"only the first challenge and only MD5; the server must offer MD5 first (or only) for sipp"
		fi
	else
		sipp_error=""
	fi
	wall_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	sipp_cpu_s=$(awk -v a="$before" -v b="$after" 'BEGIN { printf "%.3f", b - a }')
}

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

# wait_quiet: waits (at most 30 s) for one second in which the machine is
# at most 10 % busy, so that other work does not skew a step. Goes on
# anyway after 30 s: the step's "other CPU" column then shows it.
wait_quiet() {
	local i b0 b1 ncpu
	ncpu=$(nproc)
	for i in $(seq 1 30); do
		b0=$(all_procs_ticks)
		sleep 1
		b1=$(all_procs_ticks)
		# busy ticks in 1 s against 10 % of all cores
		if [ $((b1 - b0)) -le $((clk_tck * ncpu / 10)) ]; then
			return 0
		fi
	done
	log "the machine is busy with other work: measuring anyway"
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

# --- servers ----------------------------------------------------------------

start_kamailio() {
	local dir=$tmp/kamailio port
	mkdir -p "$dir"
	port=$(free_port) || die "no free port"
	setsid kamailio -f "$kamcfg" -m 1024 -M 64 -DD -E -Y "$dir" -P "$dir/kamailio.pid" -w "$dir" \
		-A "PORT=$port" -A "FIRST_USER=$first_user" -A "NUM_USERS=$users" \
		-A "USER_PASSWORD=\"$password\"" -A BAN_AFTER=0 -A CHILDREN=4 \
		</dev/null >"$dir/kamailio.log" 2>&1 &
	server_pid=$!
	server_port=$port
	if ! wait_server "$port" 30; then
		tail -20 "$dir/kamailio.log" >&2
		die "Kamailio did not listen on 127.0.0.1:$port within 30 s"
	fi
	server_label="Kamailio $({ kamailio -v 2>/dev/null || true; } | awk '/^version:/ && !v { v = $3 } END { print v }')"
	server_log=$dir/kamailio.log
}

dialtone_envs() {
	local dir=$1
	echo "DIALTONE_DATA_DIR=$dir/data"
	echo "DIALTONE_SIP_LISTEN=127.0.0.1:$2"
	echo "DIALTONE_SIP_TLS_LISTEN="
	echo "DIALTONE_HTTP_LISTEN=127.0.0.1:$3"
	echo "DIALTONE_LOG_LEVEL=warn"
	# One sipp is one source address: a per-source request limit (the SBC's
	# flood protection) would measure the limiter, not the registrar.
	if grep -q -- "-sip-rate-limit" "$tmp/dialtone-serve-help"; then
		echo "DIALTONE_SIP_RATE_LIMIT=0"
	fi
	# SIPp 3.6.1 answers only the first challenge of a 401, and only MD5.
	if grep -q -- "-sip-auth-algorithms" "$tmp/dialtone-serve-help"; then
		echo "DIALTONE_SIP_AUTH_ALGORITHMS=MD5"
	fi
	local kv
	for kv in $dialtone_env; do echo "$kv"; done
}

start_dialtone() {
	local dir=$tmp/dialtone port hport n t0 t1
	mkdir -p "$dir/data"
	port=$(free_port) || die "no free port"
	hport=$(free_port) || die "no free port"
	"$dialtone_bin" serve --help >"$tmp/dialtone-serve-help" 2>&1 || true
	mapfile -t envs < <(dialtone_envs "$dir" "$port" "$hport")
	dialtone_env_used="${envs[*]}"

	t0=$(date +%s)
	if "$dialtone_bin" ext import --help >/dev/null 2>&1; then
		log "Dialtone: importing $users extensions with 'ext import'"
		awk -F';' -v pw="$password" 'NR > 1 { print $1 "," pw }' "$tmp/users.csv" |
			timeout 600 env "${envs[@]}" "$dialtone_bin" ext import >"$dir/import.log" 2>&1 ||
			{ tail -5 "$dir/import.log" >&2; die "Dialtone: ext import failed"; }
		user_setup="ext import (bulk)"
	else
		log "Dialtone: no 'ext import': adding $users extensions one by one with 'ext add' (slow)"
		n=0
		while IFS=';' read -r number _; do
			[ "$number" = SEQUENTIAL ] && continue
			timeout 30 env "${envs[@]}" "$dialtone_bin" ext add "$number" --name "bench $number" \
				--password "$password" >>"$dir/add.log" 2>&1 ||
				{ tail -5 "$dir/add.log" >&2; die "Dialtone: ext add $number failed"; }
			n=$((n + 1))
			if [ $((n % 1000)) -eq 0 ]; then log "Dialtone: $n/$users extensions added"; fi
		done <"$tmp/users.csv"
		user_setup="ext add, one by one"
	fi
	t1=$(date +%s)
	log "Dialtone: $users extensions in $((t1 - t0)) s ($user_setup)"

	setsid env "${envs[@]}" "$dialtone_bin" serve </dev/null >"$dir/serve.log" 2>&1 &
	server_pid=$!
	server_port=$port
	if ! wait_server "$port" 60; then
		tail -20 "$dir/serve.log" >&2
		die "Dialtone did not listen on 127.0.0.1:$port (SIP over TCP) within 60 s"
	fi
	server_label="Dialtone $({ "$dialtone_bin" version 2>/dev/null || true; } | awk 'NR == 1 { v = $2 } END { print v }')"
	server_log=$dir/serve.log
}

# --- one target ---------------------------------------------------------------

# Results, by target index: label, best rate, its retransmissions, CPU.
declare -a t_label t_best t_retr t_cpu t_rss t_other
# server CPU µs per registration of each clean step, by "index:rate"
declare -A clean_cpu
steps_md=""

# bench_target INDEX START_FUNCTION
bench_target() {
	local idx=$1 start=$2 rate count ok succ fail retr created crate ticks0 ticks1 \
		cpu_us srv_pct sipp_pct verdict best="" best_retr="" best_cpu="" best_other="" rss warm \
		busy0 busy1 drops0 drops1 other_pct
	$start
	log "$server_label on 127.0.0.1:$server_port (pid $server_pid)"

	# Warm-up: every user registers once, so that each step refreshes
	# existing bindings (a steady state) rather than creating them.
	warm=$(set -- $rates; echo $(($1 < 2000 ? $1 : 2000)))
	run_sipp "t$idx-warmup" "$server_port" "$warm" "$users"
	succ=$(stat_or_zero "$tmp/t$idx-warmup.csv" "SuccessfulCall(C)")
	fail=$(stat_or_zero "$tmp/t$idx-warmup.csv" "FailedCall(C)")
	log "$server_label: warm-up $users registrations at $warm/s: $succ ok, $fail failed (sipp exit $sipp_rc)"
	local skip=0
	if [ "$sipp_rc" = 255 ] || [ "$succ" = 0 ]; then
		skip=1
		local why="no step run: warm-up registered nobody"
		if [ -n "$sipp_error" ]; then why+="; sipp: $(head -1 <<<"$sipp_error" | tr '|' '/')"; fi
		steps_md+="| $server_label | warm-up $warm | | $succ / $users | $fail | | | | | | | | $why |"$'\n'
	fi

	for rate in $rates; do
		[ "$skip" = 0 ] || break
		count=$((rate * duration))
		for attempt in 1 2; do
			kill -0 "$server_pid" 2>/dev/null || { log "$server_label exited"; tail -20 "$server_log" >&2; ok=0; break 2; }
			wait_quiet
			ticks0=$(proc_tree_ticks "$server_pid")
			busy0=$(all_procs_ticks)
			drops0=$(udp_rcvbuf_errors)
			run_sipp "t$idx-r$rate-$attempt" "$server_port" "$rate" "$count"
			ticks1=$(proc_tree_ticks "$server_pid")
			busy1=$(all_procs_ticks)
			drops1=$(udp_rcvbuf_errors)
			other_pct=$(awk -v b=$((busy1 - busy0)) -v t=$((ticks1 - ticks0)) -v c="$sipp_cpu_s" -v hz="$clk_tck" -v w="$wall_s" \
				'BEGIN { o = 100 * ((b - t) / hz - c) / w; printf "%.0f", (o < 0 ? 0 : o) }')
			rss=$(proc_tree_rss_mb "$server_pid")
			local f=$tmp/t$idx-r$rate-$attempt.csv
			succ=$(stat_or_zero "$f" "SuccessfulCall(C)")
			fail=$(stat_or_zero "$f" "FailedCall(C)")
			retr=$(stat_or_zero "$f" "Retransmissions(C)")
			created=$(stat_or_zero "$f" "TotalCallCreated")
			crate=$(stat_or_zero "$f" "CallRate(C)")
			cpu_us=$(awk -v t=$((ticks1 - ticks0)) -v hz="$clk_tck" -v n="$succ" \
				'BEGIN { if (n > 0) printf "%.1f", t * 1e6 / hz / n; else print "-" }')
			srv_pct=$(awk -v t=$((ticks1 - ticks0)) -v hz="$clk_tck" -v w="$wall_s" \
				'BEGIN { printf "%.0f", 100 * t / hz / w }')
			sipp_pct=$(awk -v c="$sipp_cpu_s" -v w="$wall_s" 'BEGIN { printf "%.0f", 100 * c / w }')
			ok=$(awk -v s="$succ" -v m="$count" -v f="$fail" -v rc="$sipp_rc" -v cr="$crate" -v r="$rate" \
				'BEGIN { print (rc == 0 && f == 0 && s == m && cr >= 0.95 * r) ? 1 : 0 }')
			if [ "$ok" = 1 ]; then
				verdict="clean"
				best=$rate best_retr=$retr best_cpu=$cpu_us best_other=$other_pct
				clean_cpu["$idx:$rate"]=$cpu_us
			elif [ "$sipp_rc" = 255 ]; then
				verdict="sipp stopped (exit 255): $(head -1 <<<"${sipp_error:-fatal error or -timeout}" | tr '|' '/')"
			elif [ "$fail" != 0 ]; then
				verdict="$fail failed"
			else
				verdict="below rate"
			fi
			# A step spoilt by other work on the machine is run once more.
			local again=0
			if [ "$ok" != 1 ] && [ "$attempt" = 1 ] && [ "$other_pct" -gt 25 ]; then
				again=1
				verdict+=" (other work on the machine: run again)"
			fi
			log "$server_label @ $rate/s: $succ ok, $fail failed, $retr retransmissions, achieved $crate/s, server $cpu_us µs/reg, other CPU $other_pct %, $verdict"
			steps_md+="| $server_label | $rate | $crate | $succ / $created | $fail | $retr | $((drops1 - drops0)) | $srv_pct % | $sipp_pct % | $other_pct % | $cpu_us | $rss | $verdict |"$'\n'
			[ "$again" = 1 ] || break
		done
		[ "$ok" = 1 ] || break
	done

	t_label[$idx]=$server_label
	t_best[$idx]=${best:-none}
	# every step clean: the limit is above the last rate tried
	if [ -n "$best" ] && [ "$best" = "$(set -- $rates; eval echo "\${$#}")" ]; then
		t_best[$idx]="$best (every rate clean: the limit is higher)"
	fi
	t_retr[$idx]=${best_retr:--}
	t_cpu[$idx]=${best_cpu:--}
	t_rss[$idx]=${rss:--}
	t_other[$idx]=${best_other:--}
	stop_group "$server_pid" 10
	server_pid=""
}

# --- run ----------------------------------------------------------------------

started=$(date -u '+%Y-%m-%d %H:%M UTC')
bench_target 0 start_kamailio
ntargets=1
if [ -n "$dialtone_bin" ]; then
	bench_target 1 start_dialtone
	ntargets=2
fi

# --- report -------------------------------------------------------------------

ratio() { # ratio A B: A/B with two decimals, or "-"
	awk -v a="$1" -v b="$2" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "-" }'
}

cpu_model=$(awk -F': ' '/^model name/ && !m { m = $2 } END { print m }' /proc/cpuinfo)
sipp_version=$({ sipp -v 2>&1 || true; } | awk '/SIPp v/ && !v { v = $2; sub(/^v/, "", v); sub(/-.*/, "", v) } END { print v }')
report=$(
	echo "## REGISTER with digest auth: $started"
	echo
	echo "Command: \`$cmdline\`"
	echo
	echo "Machine: $(nproc) cores ($cpu_model), $(uname -r). **sipp and the server share" \
		"these $(nproc) cores**: at high rates sipp's own CPU (column \"sipp CPU\") limits" \
		"what the server can be offered, so the figures are a floor, comparable within one run."
	echo
	echo "Each registration is REGISTER -> 401 -> REGISTER with Authorization -> 200 (MD5, qop=auth)," \
		"over UDP, from one sipp (SIPp $sipp_version), $users users" \
		"($first_user..$((first_user + users - 1))), Expires 3600, after a warm-up that registers each user once." \
		"Each step lasts $duration s; a step is clean with 0 failed registrations, every registration" \
		"answered and at least 95 % of the rate reached; stepping stops at the first step that is not clean." \
		"CPU µs per registration = server user+system CPU time (/proc, all its processes) / successful registrations," \
		"at the highest clean rate (two REGISTER transactions each)."
	echo
	echo "| target | highest clean rate (registrations/s) | retransmissions at that rate | server CPU µs per registration | server RSS MB after the last step (largest process) | other CPU during that step |"
	echo "|---|---|---|---|---|---|"
	for i in $(seq 0 $((ntargets - 1))); do
		echo "| ${t_label[$i]} | ${t_best[$i]} | ${t_retr[$i]} | ${t_cpu[$i]} | ${t_rss[$i]} | ${t_other[$i]} % |"
	done
	if [ "$ntargets" = 2 ]; then
		echo "| **Dialtone / Kamailio** | $(ratio "${t_best[1]}" "${t_best[0]}") | | $(ratio "${t_cpu[1]}" "${t_cpu[0]}") | | |"
		# CPU per registration falls as the rate rises (fixed costs are
		# shared out): compare it also at one rate both ran clean.
		common=""
		for r in $rates; do
			if [ -n "${clean_cpu[0:$r]:-}" ] && [ -n "${clean_cpu[1:$r]:-}" ]; then common=$r; fi
		done
		echo
		if [ -n "$common" ]; then
			echo "At $common registrations/s, the highest rate both ran clean: server CPU per registration" \
				"Kamailio ${clean_cpu[0:$common]} µs, Dialtone ${clean_cpu[1:$common]} µs," \
				"Dialtone / Kamailio = $(ratio "${clean_cpu[1:$common]}" "${clean_cpu[0:$common]}")."
		else
			echo "No rate ran clean on both targets: no CPU comparison at a common rate."
		fi
		echo
		echo "Dialtone ran with: \`${dialtone_env_used}\`; users created with $user_setup."
	fi
	echo
	echo "Steps (CPU in % of one core: the server's processes, sipp, and everything else on the machine" \
		"(\"other\": other work on the machine disturbs the figures, the script waits up to 30 s for a quiet" \
		"machine before each step); UDP drops = datagrams the kernel dropped on full UDP receive buffers," \
		"any socket, during the step; sipp runs with -buff_size $sipp_buff):"
	echo
	echo "| target | rate/s | achieved/s | successful / created | failed | retrans. | UDP drops | server CPU | sipp CPU | other CPU | server µs/reg | RSS MB | result |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
	printf '%s' "$steps_md"
)

echo "$report"
if [ -n "$out" ]; then
	{ echo; echo "$report"; } >>"$out"
	log "appended to $out"
fi
