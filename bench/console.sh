# Helpers for the benchmarks that drive a guest through its console (bash),
# sourced by bench/debian.sh and bench/work.sh after they set WORK and
# define die() (which kills $PID):
#   start NAME COMMAND...   run COMMAND with stdin from a FIFO (fd 3) and its
#                           output in $WORK/NAME.log ($LOG), pid in $PID
#   expect PATTERN TIMEOUT  wait for a line matching PATTERN (grep -E) in $LOG
#   send TEXT               type TEXT and Enter
#   timed NAME CMD TIMEOUT  run CMD at the guest's shell; prints the seconds it took
#   ratios LABEL            the median of each of $NAMES's columns over the rounds in
#                           S (strato), Q (QEMU) and, with INTERP=1, I (interpreter),
#                           and the ratios to QEMU

LOG= PID=
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc -l | xargs printf '%.2f'; }

start() { # NAME COMMAND...
	LOG=$WORK/$1.log
	shift
	local fifo=$WORK/in.fifo
	rm -f "$fifo" "$LOG"
	mkfifo "$fifo"
	"$@" <"$fifo" >"$LOG" 2>&1 &
	PID=$!
	exec 3>"$fifo"
	rm -f "$fifo"
}
expect() { # PATTERN TIMEOUT
	local deadline=$((SECONDS + $2))
	while ! grep -aEq -- "$1" "$LOG"; do
		kill -0 "$PID" 2>/dev/null || die "$(basename "$LOG" .log) exited before /$1/ (log: $LOG)"
		[ "$SECONDS" -lt "$deadline" ] || die "no /$1/ within $2 s (log: $LOG)"
		sleep 0.05
	done
}
send() { printf '%s\n' "$1" >&3; }
timed() { # NAME CMD TIMEOUT
	local t
	t=$(now)
	send "$2; echo \"@$1\"\"-done\""
	expect "^@$1-done" "$3"
	since "$t"
}

median() { # COLUMN VALUES...
	local c=$1
	shift
	printf '%s\n' "$@" | awk -v c="$c" '{print $c}' | sort -g |
		awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'
}
ratios() { # LABEL
	local i=1 n sm qm im
	echo
	if [ "${INTERP:-0}" = 1 ]; then
		printf '%-10s %10s %10s %8s %10s %8s\n' "$1" strato qemu ratio interp ratio
	else
		printf '%-10s %10s %10s %8s\n' "$1" strato qemu ratio
	fi
	for n in $NAMES; do
		sm=$(median "$i" "${S[@]}")
		qm=$(median "$i" "${Q[@]}")
		if [ "${INTERP:-0}" = 1 ]; then
			im=$(median "$i" "${I[@]}")
			printf '%-10s %9.2fs %9.2fs %8.2f %9.2fs %8.2f\n' "$n" "$sm" "$qm" \
				"$(echo "$sm / $qm" | bc -l)" "$im" "$(echo "$im / $qm" | bc -l)"
		else
			printf '%-10s %9.2fs %9.2fs %8.2f\n' "$n" "$sm" "$qm" "$(echo "$sm / $qm" | bc -l)"
		fi
		i=$((i + 1))
	done
}
