# Helpers for tests that drive a VM through its console (bash).
#
#   vm_start NAME ARGS...   start 'strato run ARGS...' with stdin from a FIFO and
#                           output in $WORK/NAME.log
#   vm_expect PATTERN [S]   wait until the log has a line matching PATTERN (grep -E)
#   vm_send TEXT            type TEXT and Enter on the console
#   vm_wait [S]             wait for strato to exit; its status is in $VM_STATUS
#   fail MESSAGE            report, show the end of the log, exit 1

STRATO=${STRATO:-build/strato}
WORK=${WORK:-build/tests/boot}
mkdir -p "$WORK"

VM_PID=
VM_LOG=
VM_STATUS=
CURRENT_TEST=

fail() {
	echo "FAIL ${CURRENT_TEST}: $*"
	if [ -n "$VM_LOG" ] && [ -f "$VM_LOG" ]; then
		echo "---- last lines of $VM_LOG"
		tail -n 25 "$VM_LOG" | sed 's/^/    /'
	fi
	[ -n "$VM_PID" ] && kill -9 "$VM_PID" 2>/dev/null
	exit 1
}

vm_start() {
	CURRENT_TEST=$1
	shift
	VM_LOG=$WORK/$CURRENT_TEST.log
	local fifo=$WORK/$CURRENT_TEST.in
	rm -f "$fifo" "$VM_LOG"
	mkfifo "$fifo"
	"$STRATO" run "$@" <"$fifo" >"$VM_LOG" 2>&1 &
	VM_PID=$!
	exec 3>"$fifo"
	rm -f "$fifo"
	echo "---- $CURRENT_TEST: strato run $*"
}

vm_expect() {
	local pattern=$1 timeout=${2:-120} waited=0
	while ! grep -Eq -- "$pattern" "$VM_LOG" 2>/dev/null; do
		if ! kill -0 "$VM_PID" 2>/dev/null; then
			fail "strato exited before printing /$pattern/"
		fi
		if [ "$waited" -ge $((timeout * 5)) ]; then
			fail "no /$pattern/ within ${timeout}s"
		fi
		sleep 0.2
		waited=$((waited + 1))
	done
}

vm_send() {
	printf '%s\n' "$1" >&3
}

vm_wait() {
	local timeout=${1:-60} waited=0
	while kill -0 "$VM_PID" 2>/dev/null; do
		if [ "$waited" -ge $((timeout * 5)) ]; then
			fail "strato still running after ${timeout}s"
		fi
		sleep 0.2
		waited=$((waited + 1))
	done
	wait "$VM_PID"
	VM_STATUS=$?
	exec 3>&-
	VM_PID=
}
