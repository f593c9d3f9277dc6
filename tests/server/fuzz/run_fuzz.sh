#!/usr/bin/env bash
# Builds fuzz_requests with clang++ (a separate small CMake project) and runs it.
#   run_fuzz.sh BUILD_DIR SECONDS
# Skips (exit 0 with a note) when no clang++ with libFuzzer is installed, so a g++-only
# machine still runs the rest; CI installs clang-14 through ./dev.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?build dir}
seconds=${2:-20}
cxx=$(command -v clang++-14 || command -v clang++ || true)
if [ -z "$cxx" ]; then
  echo "no clang++: fuzzer skipped (install clang-14 libfuzzer-14-dev)"
  exit 0
fi
if [ ! -x "$build/fuzz_requests" ] || [ "$here/fuzz_requests.cpp" -nt "$build/fuzz_requests" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Debug >/dev/null
fi
cmake --build "$build" -j 2 >/dev/null
corpus="$build/corpus"
mkdir -p "$corpus"
cp -n "$here"/corpus/* "$corpus"/ 2>/dev/null || true
exec "$build/fuzz_requests" -max_total_time="$seconds" -max_len=4096 -timeout=5 -rss_limit_mb=2048 \
  -print_final_stats=1 "$corpus" "$here/corpus"
