#!/usr/bin/env bash
# Reads one generated 835 of at least 10 MB with our reader (full typed read, Remittance835Reader)
# and with node-x12 (npm, the most used open-source X12 parser: X12Parser, then every transaction
# of the interchange), and prints the ratio of their throughputs. Both print the same three figures
# (first read, second read, median of the last ten of twenty further reads); the ratio is of the
# warm ones (the median), and of the second reads for a one-off import.
#
#   tests/Benchmarks/compare-node-x12.sh [megabytes, default 12]
#
# node-x12 is installed with npm into tests/Benchmarks/bin/node-x12 (git-ignored).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
megabytes="${1:-12}"
work="$root/tests/Benchmarks/bin/node-x12"
file="$work/generated-835.x12"
mkdir -p "$work"

if [ ! -d "$work/node_modules/node-x12" ]; then
  echo "Installing node-x12 into $work ..."
  npm install --prefix "$work" --no-save --no-audit --no-fund node-x12 >/dev/null
fi
echo "node-x12 $(node -p "require('$work/node_modules/node-x12/package.json').version"), node $(node --version)"

dotnet build -c Release "$root/tests/Benchmarks" -v quiet -nologo >/dev/null
dotnet run -c Release --no-build --project "$root/tests/Benchmarks" -- generate-835 "$file" "$megabytes"

ours="$(dotnet run -c Release --no-build --project "$root/tests/Benchmarks" -- time-835 "$file")"
echo "RevenueCycle.X12 (Remittance835Reader, full typed read):"
echo "$ours" | sed 's/^/  /'
ours_mbs="$(echo "$ours" | sed -n 's/^warm:.*: \([0-9.]*\) MB\/s.*/\1/p')"

cat > "$work/time-node-x12.js" <<'JS'
const fs = require('fs');
const { X12Parser } = require('node-x12');
const path = process.argv[2];
const mb = fs.statSync(path).size / 1024 / 1024;
function read() {
  const started = process.hrtime.bigint();
  const text = fs.readFileSync(path, 'ascii');
  const interchange = new X12Parser(true).parse(text);
  let transactions = 0, segments = 0;
  for (const group of interchange.functionalGroups)
    for (const transaction of group.transactions) { transactions++; segments += transaction.segments.length; }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, transactions, segments };
}
function report(label, run, what) {
  console.log(`${label}: read ${mb.toFixed(1)} MB, ${what} in ${(run.seconds * 1000).toFixed(0)} ms: ${(mb / run.seconds).toFixed(1)} MB/s`);
}
// The same three figures as time-835: the first read, the second, and (warm) the median of the last
// ten of twenty more reads.
const cold = read();
report('cold', cold, `${cold.transactions} transaction sets, ${cold.segments} segments`);
const second = read();
report('second', second, `${second.transactions} transaction sets, ${second.segments} segments`);
const warm = Array.from({ length: 20 }, read).slice(10).sort((a, b) => a.seconds - b.seconds);
report('warm', warm[5], 'median of 10');
JS
theirs="$(node --max-old-space-size=8192 "$work/time-node-x12.js" "$file")"
echo "node-x12 (X12Parser.parse + every transaction's segments):"
echo "$theirs" | sed 's/^/  /'
theirs_mbs="$(echo "$theirs" | sed -n 's/^warm:.*: \([0-9.]*\) MB\/s.*/\1/p')"

ours_second="$(echo "$ours" | sed -n 's/^second:.*: \([0-9.]*\) MB\/s.*/\1/p')"
theirs_second="$(echo "$theirs" | sed -n 's/^second:.*: \([0-9.]*\) MB\/s.*/\1/p')"
echo "throughput ratio (second read): RevenueCycle.X12 $ours_second MB/s / node-x12 $theirs_second MB/s = $(awk -v a="$ours_second" -v b="$theirs_second" 'BEGIN { printf "%.1f", a / b }')x"
echo "throughput ratio (warm): RevenueCycle.X12 $ours_mbs MB/s / node-x12 $theirs_mbs MB/s = $(awk -v a="$ours_mbs" -v b="$theirs_mbs" 'BEGIN { printf "%.1f", a / b }')x"
