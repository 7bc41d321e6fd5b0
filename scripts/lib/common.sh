# Shared shell helpers for the project's scripts (bash). Source it:
#   . "$(dirname "$0")/lib/common.sh"
# Safe under `set -euo pipefail`.
# Nothing here starts or kills anything by name: callers keep the process
# ids they started.

# die MESSAGE: print to stderr and exit 1.
die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

# is_uint VALUE: true when VALUE is a non-empty string of digits.
is_uint() {
	case $1 in '' | *[!0-9]*) return 1 ;; esac
	return 0
}

# free_port: prints a loopback port that no socket (TCP or UDP) uses now,
# picked at random in 20000..59999 so that parallel runs rarely collide.
free_port() {
	local used port i
	used=$({ ss -Htuan 2>/dev/null || true; } | awk '{ n = split($5, a, ":"); print a[n] }')
	for i in $(seq 1 100); do
		port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
		if ! grep -qx "$port" <<<"$used"; then
			echo "$port"
			return 0
		fi
	done
	return 1
}

# wait_tcp HOST PORT SECONDS: waits until HOST:PORT accepts a TCP connection.
wait_tcp() {
	local host=$1 port=$2 secs=$3 i
	for i in $(seq 1 $((secs * 10))); do
		if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# proc_tree_ticks PID: user+system CPU time, in clock ticks (getconf
# CLK_TCK), of PID and all its living descendants. For a Go process the
# figure covers every thread; for Kamailio, the main process and its children.
proc_tree_ticks() {
	# a process may end between the glob and cat: cat then fails, ignored
	{ cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v root="$1" '
	{
		# the command name is in parentheses and may hold spaces
		pid = $1
		rest = substr($0, index($0, ") ") + 2)
		split(rest, f, " ")
		ppid[pid] = f[2]
		ticks[pid] = f[12] + f[13]
	}
	END {
		total = 0
		for (p in ticks) {
			q = p
			for (depth = 0; depth < 64 && q != "" && q != 0; depth++) {
				if (q == root) { total += ticks[p]; break }
				q = ppid[q]
			}
		}
		print total
	}'
}

# proc_tree_rss_mb PID: resident memory, in MB, of the largest process
# among PID and its descendants (Kamailio's shared memory would be counted
# once per process in a sum, so the largest one is the honest figure).
proc_tree_rss_mb() {
	local root=$1 p max=0 rss
	for p in $(proc_tree_pids "$root"); do
		rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || true)
		if is_uint "$rss" && [ "$rss" -gt "$max" ]; then max=$rss; fi
	done
	echo $((max / 1024))
}

# proc_tree_pids PID: PID and its living descendants, one per line.
proc_tree_pids() {
	{ cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v root="$1" '
	{
		pid = $1
		rest = substr($0, index($0, ") ") + 2)
		split(rest, f, " ")
		ppid[pid] = f[2]
	}
	END {
		for (p in ppid) {
			q = p
			for (depth = 0; depth < 64 && q != "" && q != 0; depth++) {
				if (q == root) { print p; break }
				q = ppid[q]
			}
		}
	}'
}

# stop_group PID [SECONDS]: sends TERM to the process group PID leads (a
# process started with setsid), waits up to SECONDS (default 5) for PID
# to end, then sends KILL to the group.
stop_group() {
	local pid=$1 secs=${2:-5} i
	[ -n "$pid" ] || return 0
	kill -0 "$pid" 2>/dev/null || return 0
	kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
	for i in $(seq 1 $((secs * 10))); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL -- "-$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	return 0
}

# sipp_stat FILE COLUMN: the value of COLUMN (e.g. "SuccessfulCall(C)") in
# the last line of a sipp -trace_stat CSV (';'-separated, header first).
sipp_stat() {
	awk -F';' -v col="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) c = i; next }
		{ last = $0 }
		END { if (c && last != "") { split(last, v, ";"); print v[c] } }
	' "$1"
}

# all_procs_ticks: user+system CPU time, in clock ticks, of every process
# now alive plus the reaped children each one has waited for (utime, stime,
# cutime, cstime of /proc/PID/stat). The difference of two readings is the
# CPU the machine spent in between, except for processes that ended with
# their parent in between. (The machine totals of /proc/stat lag behind
# by seconds on some VMs: this sum does not.)
all_procs_ticks() {
	{ cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk '
	{
		rest = substr($0, index($0, ") ") + 2)
		split(rest, f, " ")
		total += f[12] + f[13] + f[14] + f[15]
	}
	END { print total + 0 }'
}

# udp_rcvbuf_errors: datagrams the kernel dropped because a UDP socket's
# receive buffer was full, since boot (all sockets), from /proc/net/snmp.
udp_rcvbuf_errors() {
	awk '$1 == "Udp:" {
		if (!h) { for (i = 2; i <= NF; i++) col[$i] = i; h = 1; next }
		print (col["RcvbufErrors"] ? $col["RcvbufErrors"] : 0)
		exit
	}' /proc/net/snmp
}
