#!/bin/sh
# Runs a command under its own D-Bus session with an unlocked gnome-keyring and a fresh HOME,
# so keychain tests use a real Secret Service without a desktop and never touch the
# developer's own keyring. The keyring needs a fresh HOME and a non-empty password, or it
# tries to open an unlock prompt. Works as root.
#   with_keyring.sh COMMAND [ARGS...]
set -eu
HOME=$(mktemp -d /tmp/marquee-keyring-home.XXXXXX)
export HOME
unset DBUS_SESSION_BUS_ADDRESS
status=0
dbus-run-session -- sh -c 'echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; sleep 0.5; exec "$@"' sh "$@" || status=$?
rm -rf "$HOME"
exit "$status"
