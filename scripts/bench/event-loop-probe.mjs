// Preloaded into the Coffer the bench measures (node --import): the main thread's event-loop delay
// (perf_hooks.monitorEventLoopDelay, 10 ms resolution). On SIGUSR2 it writes what it saw since the last SIGUSR2 (or
// the start) to BENCH_EVENT_LOOP_FILE as JSON, in milliseconds, and starts over. Without that variable it does nothing.
import fs from "node:fs";
import { isMainThread } from "node:worker_threads";
import { monitorEventLoopDelay } from "node:perf_hooks";

const file = process.env.BENCH_EVENT_LOOP_FILE;
if (file && isMainThread) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  process.on("SIGUSR2", () => {
    const seen = { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), samples: histogram.count };
    fs.writeFileSync(`${file}.part`, JSON.stringify(seen));
    fs.renameSync(`${file}.part`, file);
    histogram.reset();
  });
}
