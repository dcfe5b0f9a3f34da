#!/usr/bin/env python3
"""CPU time per process group while a run lasts (issue 20, item 3: where the CPU goes per encounter).

usage: cpu-by-process.py <pids-dir> <stop-file> <encounters>
Samples /proc every half second until <stop-file> exists, then prints the CPU seconds (user + system) each group used
since the start and per encounter. Groups: each process ./rcm started (by its pid file in <pids-dir>, children included),
each database's PostgreSQL backends (pg:<database>), PostgreSQL's own processes (pg:background), RabbitMQ (the Erlang
VM) and the load tool. Processes that end during the run are counted up to their last sample.
"""
import collections, os, sys, time

HZ = os.sysconf('SC_CLK_TCK')
pids_dir, stop_file, encounters = sys.argv[1], sys.argv[2], float(sys.argv[3])
started_by_rcm = {}
for name in os.listdir(pids_dir):
    try:
        started_by_rcm[int(open(os.path.join(pids_dir, name)).read().strip())] = name.removesuffix('.pid')
    except (OSError, ValueError):
        pass

def group(pid):
    try:
        cmd = open(f'/proc/{pid}/cmdline', 'rb').read().replace(b'\0', b' ').decode(errors='replace')
        parent = int(open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()[1])
    except OSError:
        return None
    if pid in started_by_rcm: return started_by_rcm[pid]
    if parent in started_by_rcm: return started_by_rcm[parent]
    if cmd.startswith('postgres: '):
        words = cmd.split()
        return 'pg:' + words[2] if len(words) >= 4 and ('(' in words[3] or words[3] == '[local]') else 'pg:background'
    if '/usr/lib/postgresql' in cmd: return 'pg:background'
    if 'beam.smp' in cmd or 'epmd' in cmd: return 'rabbitmq'
    if 'RevenueCycle.Tools.dll' in cmd: return 'load-tool'
    return None

def ticks(pid):
    try:
        fields = open(f'/proc/{pid}/stat').read().rsplit(')', 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except OSError:
        return None

first, last, groups = {}, {}, {}
def sample(initial):
    for entry in os.listdir('/proc'):
        if not entry.isdigit(): continue
        pid = int(entry)
        if pid not in groups: groups[pid] = group(pid)
        if groups[pid] is None: continue
        t = ticks(pid)
        if t is None: continue
        first.setdefault(pid, t if initial else 0)  # a process born during the run counts from zero
        last[pid] = t

sample(True)
began = time.time()
while not os.path.exists(stop_file):
    time.sleep(0.5)
    sample(False)
elapsed = time.time() - began
total = collections.Counter()
for pid in last: total[groups[pid]] += (last[pid] - first[pid]) / HZ
print(f'CPU per process group over {elapsed:.1f} s (user + system; ms per encounter for {encounters:.0f}):')
for name, seconds in total.most_common(): print(f'  {name:32s} {seconds:7.1f} s  {1000 * seconds / encounters:7.1f} ms')
print(f'  {"total":32s} {sum(total.values()):7.1f} s  {1000 * sum(total.values()) / encounters:7.1f} ms')
