/**
 * CPU time spent by a process tree, read from /proc (Linux): the benchmarks divide it by the
 * requests served to print CPU per request for the app and for Postgres separately.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux build Node supports

type Stat = { pid: number; ppid: number; ticks: number };

function readStat(pid: string): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces: fields are counted after it.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    return { pid: Number(pid), ppid: Number(fields[1]), ticks };
  } catch {
    return null; // the process ended while we looked
  }
}

/**
 * Milliseconds of CPU used by `root` and everything below it. A child that has exited is counted in
 * its parent's cutime/cstime, a live one by itself, so each is counted once.
 */
export function treeCpuMs(root: number) {
  const stats = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(readStat)
    .filter((stat) => stat !== null);
  const children = new Map<number, Stat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  let ticks = stats.find((stat) => stat.pid === root)?.ticks ?? 0;
  const queue = [...(children.get(root) ?? [])];
  for (let stat = queue.pop(); stat; stat = queue.pop()) {
    ticks += stat.ticks;
    queue.push(...(children.get(stat.pid) ?? []));
  }
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/** The postmaster listening on `port` (its command line names the port). */
export function postmasterPid(port: number) {
  for (const name of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      if (!argv[0]?.endsWith("postgres")) continue;
      const flag = argv.indexOf("-p");
      if (flag >= 0 && argv[flag + 1] === String(port)) return Number(name);
    } catch {}
  }
  throw new Error(`no postmaster found on port ${port}`);
}
