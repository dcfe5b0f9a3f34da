#!/usr/bin/env bash
# Reads 835s of every shape of issue 20 with our reader and with node-x12 (npm, the most used open-source X12
# parser: X12Parser, then every transaction of the interchange), side by side, and prints the ratio of their
# throughputs for each shape. The shapes:
#   current          generate-835 <megabytes>: our own X12Writer's file, many STs of 1,000 claims
#   one-st           one ST with 50,000 claims (a single check covering many claims, as big payers send)
#   small-sts        thousands of STs of 1 to 5 claims
#   crlf             CRLF after every segment terminator
#   pipe-apostrophe  element |, component >, repetition {, segment '
#   pipe-newline     element |, component ^, repetition !, segment a line feed
# All but "current" are written by Payer835Generator as plain text laid out as payers' 835s are, not by our writer.
# node-x12 finds the delimiters in the ISA itself (the script prints what it found); the segment counts of both
# readers are printed.
#
#   tests/Benchmarks/compare-node-x12.sh [megabytes, default 12] [rounds, default 3] [shapes, default all]
#   RCM_BEFORE_BENCH=path/to/Benchmarks.dll  also times that build's reader (records: ReadAll), e.g. the code before a change
#
# Each reader prints three figures (first read, second read, warm); the ratio is of the warm ones. node-x12's warm figure
# is the median of the last ten of twenty further reads (2-3 s each, so they span ~25 s). Ours, claim by claim, is the
# mean of its reads over a window as long (RCM_COMPARE_SECONDS, default 20 s, after ten warm-up reads): this machine
# runs our 40 ms reads at ~300 MB/s for a second or two, then at ~190 for a second or two, so ten of them (0.4 s) could
# fall in one phase while node-x12's ten average over many (session 15). Ours is timed reading claim by claim (time-835 stream: ReadNextHeader/ReadNextClaim)
# and reading whole transaction sets (time-835 records: ReadAll), with its allocation per input byte, its peak
# working set and its gen2 collections. A round runs each reader once, in a process of its own, ours first, then
# node-x12; the ratio printed last is of the medians over the rounds (one process's warm figure moves from run to
# run, node-x12's most: its garbage collector).
#
# node-x12 is installed with npm into tests/Benchmarks/bin/node-x12 (git-ignored), with the generated files.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
megabytes="${1:-12}"
rounds="${2:-3}"
shapes="${3:-current one-st small-sts crlf pipe-apostrophe pipe-newline}"
before="${RCM_BEFORE_BENCH:-}"
work="$root/tests/Benchmarks/bin/node-x12"
bench="$root/tests/Benchmarks/bin/Release/net10.0/Benchmarks.dll"
mkdir -p "$work"

if [ ! -d "$work/node_modules/node-x12" ]; then
  echo "Installing node-x12 into $work ..."
  npm install --prefix "$work" --no-save --no-audit --no-fund node-x12 >/dev/null
fi
echo "node-x12 $(node -p "require('$work/node_modules/node-x12/package.json').version"), node $(node --version)"

dotnet build -c Release "$root/tests/Benchmarks" -v quiet -nologo >/dev/null

cat > "$work/time-node-x12.js" <<'JS'
const fs = require('fs');
const { X12Parser } = require('node-x12');
const path = process.argv[2];
const mb = fs.statSync(path).size / 1024 / 1024;
let delimiters;
function read() {
  const started = process.hrtime.bigint();
  const text = fs.readFileSync(path, 'ascii');
  const parser = new X12Parser(true);
  const interchange = parser.parse(text);
  delimiters = parser._options;
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
const shown = c => JSON.stringify(c ?? '');
console.log(`delimiters found: element ${shown(delimiters.elementDelimiter)}, component ${shown(delimiters.subElementDelimiter)}, repetition ${shown(delimiters.repetitionDelimiter)}, segment ${shown(delimiters.segmentTerminator)}, line break ${shown(delimiters.endOfLine)}`);
JS

figure() { sed -n "s/^$1:.*: \([0-9.]*\) MB\/s.*/\1/p"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

figure_of() { sed -n "s/^warm:.*allocated [0-9.]* MB (\([0-9.]*\) B\/byte.*/\1/p"; }
summary=()
for shape in $shapes; do
  file="$work/$shape.x12"
  if [ "$shape" = current ]; then
    dotnet "$bench" generate-835 "$file" "$megabytes"
  else
    dotnet "$bench" generate-835 "$file" "$shape" "$([ "$shape" = one-st ] && echo 50000 || echo 25000)"
  fi
  stream_warm=(); records_warm=(); before_warm=(); theirs_warm=(); theirs_second=(); stream_second=()
  for round in $(seq "$rounds"); do
    echo "[$shape] round $round of $rounds"
    stream="$(RCM_BENCH_SECONDS="${RCM_COMPARE_SECONDS:-20}" dotnet "$bench" time-835 "$file" stream)"
    echo "  RevenueCycle.X12, claim by claim (ReadNextHeader/ReadNextClaim):"
    echo "$stream" | sed 's/^/    /'
    records="$(dotnet "$bench" time-835 "$file" records)"
    echo "  RevenueCycle.X12, whole transaction sets (ReadAll):"
    echo "$records" | sed 's/^/    /'
    if [ -n "$before" ]; then
      old="$(dotnet "$before" time-835 "$file")"
      echo "  RevenueCycle.X12 before ($before, ReadAll):"
      echo "$old" | sed 's/^/    /'
      before_warm+=("$(echo "$old" | figure warm)")
    fi
    theirs="$(node --max-old-space-size=8192 "$work/time-node-x12.js" "$file")"
    echo "  node-x12 (X12Parser.parse + every transaction's segments):"
    echo "$theirs" | sed 's/^/    /'
    stream_warm+=("$(echo "$stream" | figure warm)")
    stream_second+=("$(echo "$stream" | figure second)")
    records_warm+=("$(echo "$records" | figure warm)")
    theirs_warm+=("$(echo "$theirs" | figure warm)")
    theirs_second+=("$(echo "$theirs" | figure second)")
    echo "  this round (warm, claim by claim): $(ratio "${stream_warm[-1]}" "${theirs_warm[-1]}")x"
  done
  s_mbs="$(printf '%s\n' "${stream_warm[@]}" | median)"
  r_mbs="$(printf '%s\n' "${records_warm[@]}" | median)"
  t_mbs="$(printf '%s\n' "${theirs_warm[@]}" | median)"
  s_2="$(printf '%s\n' "${stream_second[@]}" | median)"
  t_2="$(printf '%s\n' "${theirs_second[@]}" | median)"
  b_mbs="-"; [ -n "$before" ] && b_mbs="$(printf '%s\n' "${before_warm[@]}" | median)"
  echo "[$shape] warm MB/s by round: claim by claim ${stream_warm[*]}; ReadAll ${records_warm[*]}; node-x12 ${theirs_warm[*]}"
  echo "[$shape] throughput ratio (second read, medians): $s_2 / $t_2 MB/s = $(ratio "$s_2" "$t_2")x"
  echo "[$shape] throughput ratio (warm, claim by claim, medians of $rounds rounds): $s_mbs / $t_mbs MB/s = $(ratio "$s_mbs" "$t_mbs")x"
  memory="$(echo "$stream" | sed -n 's/^memory ([^)]*): //p')"
  summary+=("$(printf '| %s | %s MB | %s | %s | %s | %s | %sx | %s B/byte | %s |' "$shape" "$(echo "$stream" | sed -n 's/^warm: read \([0-9.]*\) MB.*/\1/p')" "$s_mbs" "$r_mbs" "$b_mbs" "$t_mbs" "$(ratio "$s_mbs" "$t_mbs")" "$(echo "$stream" | figure_of)" "$memory")")
done
echo
echo "| shape | size | ours, claim by claim (warm MB/s) | ours, ReadAll | before (ReadAll) | node-x12 | ratio (claim by claim) | allocated | memory (claim by claim) |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${summary[@]}"
