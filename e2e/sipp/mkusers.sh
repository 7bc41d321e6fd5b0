#!/bin/sh
# mkusers.sh N START PASSWORD > users.csv
#
# Writes a sipp injection file (-inf users.csv) for the extensions
# START .. START+N-1, read in SEQUENTIAL order (call k uses line k, and
# sipp starts over at the top when it runs out of lines):
#
#   SEQUENTIAL
#   100000;[authentication username=100000 password=PASSWORD]
#   ...
#
# field0 is the extension (user part of From, To and Contact); field1 is the
# whole authentication keyword, because sipp 3.6.1 does not expand [field0]
# inside "[authentication username=... password=...]". Put [field1] where the
# retried REGISTER needs its Authorization header.
#
# PASSWORD "-" writes the bare keyword "[authentication]" instead: sipp then
# uses -au USER -ap PASSWORD for every call (one user for the whole run).
set -eu

usage() {
	echo "usage: $0 N START PASSWORD > users.csv   (PASSWORD '-' = bare [authentication] for -au/-ap)" >&2
	exit 2
}

[ $# -eq 3 ] || usage
n=$1 start=$2 pw=$3

case $n in '' | *[!0-9]*) echo "mkusers: N must be a positive integer, not '$n'" >&2; exit 2 ;; esac
case $start in '' | *[!0-9]*) echo "mkusers: START must be a number, not '$start'" >&2; exit 2 ;; esac
[ "$n" -ge 1 ] || { echo "mkusers: N must be at least 1" >&2; exit 2; }
[ "$n" -le 10000000 ] || { echo "mkusers: N above 10,000,000 is surely a mistake" >&2; exit 2; }
[ -n "$pw" ] || { echo "mkusers: PASSWORD must not be empty" >&2; exit 2; }
# sipp splits CSV fields at ';', ends the keyword at ']' and its
# parameters at blanks: such a password cannot be written in the keyword.
case $pw in
*';'* | *']'* | *'['* | *' '* | *"	"* | *'"'*)
	echo "mkusers: PASSWORD must not contain ; [ ] \" or blanks (sipp cannot carry them in [authentication])" >&2
	exit 2
	;;
esac

echo SEQUENTIAL
# awk writes 20,000 lines in a few milliseconds; a shell loop takes seconds.
awk -v n="$n" -v s="$start" -v pw="$pw" 'BEGIN {
	for (i = 0; i < n; i++) {
		u = sprintf("%.0f", s + i)
		if (pw == "-") {
			printf "%s;[authentication]\n", u
		} else {
			printf "%s;[authentication username=%s password=%s]\n", u, u, pw
		}
	}
}'
