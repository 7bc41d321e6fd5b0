#!/usr/bin/env bash
# generate.sh makes Dialtone's shipped prompts: spoken prompts with espeak-ng
# and a music-on-hold loop synthesised with sox (no recorded or copyrighted
# audio). Output: 16-bit mono 8000 Hz WAV files beside this script, trimmed
# of leading and trailing silence and normalised to about -16 dBFS RMS
# (speech) or -20 dBFS RMS (music), peaks held below full scale by sox's
# limiter. The result is byte-for-byte the same on every run with the same
# espeak-ng and sox versions (no dither, -R); the WAVs are committed and
# embedded by prompts.go, so nothing runs this at build or test time.
#
# Usage: media/prompts/generate.sh [output-dir]
set -euo pipefail

for tool in espeak-ng sox; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "generate.sh: $tool is not installed; install it with: apt-get install espeak-ng sox" >&2
		exit 1
	fi
done

out=${1:-$(cd "$(dirname "$0")" && pwd)}
rate=8000
speech_db=-16
music_db=-20
tmp=$(mktemp -d)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

# sox without dither and with a fixed random seed: repeatable output.
sx() { sox -D -R -V1 "$@"; }

rms_db() { sox "$1" -n stats 2>&1 | awk '/^RMS lev dB/ {print $4}'; }

# normalise IN OUT TARGET: gain to TARGET dBFS RMS; the limiter (gain -l)
# keeps the peaks below full scale, which lowers the RMS a little, so it is
# measured and corrected twice more.
normalise() {
	local in=$1 dst=$2 target=$3 cur g i
	cp "$in" "$tmp/n0.wav"
	for i in 1 2 3; do
		cur=$(rms_db "$tmp/n0.wav")
		g=$(awk -v t="$target" -v c="$cur" 'BEGIN {printf "%.2f", t - c}')
		sx "$tmp/n0.wav" "$tmp/n1.wav" gain -l "$g"
		mv "$tmp/n1.wav" "$tmp/n0.wav"
	done
	mv "$tmp/n0.wav" "$dst"
}

speak() {
	local name=$1 text=$2
	espeak-ng -v en-us -s 150 -p 45 -w "$tmp/$name.raw.wav" "$text"
	# High-pass against rumble and DC; trim silence at both ends (below
	# -45 dBFS for 10 ms); a 10 ms fade so the cut makes no click.
	sx "$tmp/$name.raw.wav" -r "$rate" -b 16 -c 1 "$tmp/$name.cut.wav" \
		highpass 60 \
		silence 1 0.01 -45d reverse silence 1 0.01 -45d reverse \
		rate -v "$rate"
	sx "$tmp/$name.cut.wav" "$tmp/$name.trim.wav" fade t 0.01 -0 0.01
	normalise "$tmp/$name.trim.wav" "$out/$name.wav" "$speech_db"
}

speak welcome "Welcome to Dialtone."
speak enter-extension "Please enter the extension number."
speak invalid "That number is not valid."
speak goodbye "Goodbye."
speak conference-joined "You are now in the conference."
speak leave-message "Please leave a message after the tone."
speak no-answer "There is no answer. Please try again later."
speak busy "The number you have called is busy. Please try again later."

# Music on hold: four slow pad chords (Cmaj7, Am7, Fmaj7, G6), 3 s each,
# sine partials with a bass note and a slow tremolo, each chord fading in
# and out over 0.8 s so that neighbours cross-fade. The last chord's tail
# is folded onto the start, so the 12 s loop cross-fades into itself: no
# gap and no click at the loop point. Synthesised at 48 kHz and
# resampled to 8 kHz at the end (no aliasing); everything lies below
# 3.5 kHz, so a wideband copy would only double the size for nothing the
# ear gets: the player resamples it up for G.722 and Opus legs.
chord_len=3
xfade=0.8
chords=(
	"130.81 261.63 329.63 392.00 493.88"
	"110.00 261.63 329.63 392.00 440.00"
	"87.31 261.63 329.63 349.23 440.00"
	"98.00 293.66 329.63 392.00 493.88"
)
mix=()
i=0
for c in "${chords[@]}"; do
	read -r -a f <<<"$c"
	len=$(awk -v a="$chord_len" -v b="$xfade" 'BEGIN {print a + b}')
	synth=()
	for hz in "${f[@]}"; do synth+=(sine "$hz"); done
	start=$((i * chord_len))
	# One partial per channel, then mixed down to mono.
	sx -n -r 48000 -c "${#f[@]}" -b 16 "$tmp/chord$i.multi.wav" synth "$len" "${synth[@]}"
	sx "$tmp/chord$i.multi.wav" -c 1 "$tmp/chord$i.wav" \
		remix - \
		tremolo 0.$((3 + i)) 15 \
		fade h "$xfade" "$len" "$xfade" \
		pad "$start" 0
	mix+=("$tmp/chord$i.wav")
	i=$((i + 1))
done
total=$((chord_len * ${#chords[@]}))
# Resampled before the fold: the long take starts and ends in silence, so
# the filters' edges touch nothing and the fold joins the waveform
# sample-exactly (at loop time 0 the last chord goes on where it stopped).
sx -m "${mix[@]}" -r "$rate" -b 16 "$tmp/moh.long.wav" gain -6 lowpass 3400 rate -v "$rate"
sx "$tmp/moh.long.wav" "$tmp/moh.tail.wav" trim "$total"
sx "$tmp/moh.long.wav" "$tmp/moh.body.wav" trim 0 "$total"
sx -m "$tmp/moh.body.wav" "$tmp/moh.tail.wav" "$tmp/moh.loop.wav"
normalise "$tmp/moh.loop.wav" "$out/moh.wav" "$music_db"

for f in "$out"/*.wav; do
	printf '%-24s %6s s  %6s dBFS RMS\n' "$(basename "$f")" \
		"$(soxi -D "$f")" "$(rms_db "$f")"
done
