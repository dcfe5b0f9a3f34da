#!/usr/bin/env bash
# Reads one generated 835 of at least 10 MB with our reader (full typed read, Remittance835Reader)
# and with node-x12 (npm, the most used open-source X12 parser: X12Parser, then every transaction
# of the interchange), and prints the ratio of their throughputs. Both print the same three figures
# (first read, second read, median of the last ten of twenty further reads); the ratio is of the
# warm ones (the median), and of the second reads for a one-off import.
#
#   tests/Benchmarks/compare-node-x12.sh [megabytes, default 12] [rounds, default 3]
#
# A round runs each reader once, in a process of its own, ours first, then node-x12; the ratio printed
# last is of the medians over the rounds. One process's warm figure moves from run to run, node-x12's
# most (its garbage collector: the single reads of one of its runs range from 4 to 11 MB/s on a quiet
# machine), so that one round alone can say 45x or 60x of the same code. The median of three rounds is
# steadier, and alternating the readers lets a change in the machine's load reach both.
#
# node-x12 is installed with npm into tests/Benchmarks/bin/node-x12 (git-ignored).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
megabytes="${1:-12}"
rounds="${2:-3}"
work="$root/tests/Benchmarks/bin/node-x12"
file="$work/generated-835.x12"
bench="$root/tests/Benchmarks/bin/Release/net10.0/Benchmarks.dll"
mkdir -p "$work"

if [ ! -d "$work/node_modules/node-x12" ]; then
  echo "Installing node-x12 into $work ..."
  npm install --prefix "$work" --no-save --no-audit --no-fund node-x12 >/dev/null
fi
echo "node-x12 $(node -p "require('$work/node_modules/node-x12/package.json').version"), node $(node --version)"

dotnet build -c Release "$root/tests/Benchmarks" -v quiet -nologo >/dev/null
dotnet "$bench" generate-835 "$file" "$megabytes"

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

figure() { sed -n "s/^$1:.*: \([0-9.]*\) MB\/s.*/\1/p"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

ours_warm=(); ours_second=(); theirs_warm=(); theirs_second=()
for round in $(seq "$rounds"); do
  echo "round $round of $rounds"
  ours="$(dotnet "$bench" time-835 "$file")"
  echo "  RevenueCycle.X12 (Remittance835Reader, full typed read):"
  echo "$ours" | sed 's/^/    /'
  theirs="$(node --max-old-space-size=8192 "$work/time-node-x12.js" "$file")"
  echo "  node-x12 (X12Parser.parse + every transaction's segments):"
  echo "$theirs" | sed 's/^/    /'
  ours_warm+=("$(echo "$ours" | figure warm)")
  ours_second+=("$(echo "$ours" | figure second)")
  theirs_warm+=("$(echo "$theirs" | figure warm)")
  theirs_second+=("$(echo "$theirs" | figure second)")
  echo "  this round (warm): $(ratio "${ours_warm[-1]}" "${theirs_warm[-1]}")x"
done

ours_mbs="$(printf '%s\n' "${ours_warm[@]}" | median)"
theirs_mbs="$(printf '%s\n' "${theirs_warm[@]}" | median)"
ours_2="$(printf '%s\n' "${ours_second[@]}" | median)"
theirs_2="$(printf '%s\n' "${theirs_second[@]}" | median)"
echo "warm MB/s by round: RevenueCycle.X12 ${ours_warm[*]}; node-x12 ${theirs_warm[*]}"
echo "throughput ratio (second read, medians): RevenueCycle.X12 $ours_2 MB/s / node-x12 $theirs_2 MB/s = $(ratio "$ours_2" "$theirs_2")x"
echo "throughput ratio (warm, medians of $rounds rounds): RevenueCycle.X12 $ours_mbs MB/s / node-x12 $theirs_mbs MB/s = $(ratio "$ours_mbs" "$theirs_mbs")x"
