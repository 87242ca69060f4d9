# Shared by the tests that build the project's shared sources with Kbuild
# against the Debian 6.1 headers (t0602, t0603, t0604); sourced after
# lib.sh.

# kbuild_defines NAME OBJ SYMBOL...: one test line, "NAME builds against
# 6.1": ok when the object OBJ defines every SYMBOL (an extended regular
# expression) as text, data or read-only data, else not ok, naming the
# ones missing.
kbuild_defines() {
	kd_name=$1
	kd_obj=$2
	shift 2
	kd_missing=
	for kd_sym in "$@"; do
		nm "$kd_obj" | grep -qE " [TDR] $kd_sym\$" || kd_missing="$kd_missing $kd_sym"
	done
	if [ -n "$kd_missing" ]; then
		not_ok "$kd_name builds against 6.1"
		echo "$(basename "$kd_obj") does not define:$kd_missing" | tap_comment
	else
		ok "$kd_name builds against 6.1"
	fi
}
