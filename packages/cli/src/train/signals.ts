// Ctrl-C and SIGTERM during `train`: turned into an abort, so the run stops after its current
// step and --out is left as it was (the last complete checkpoint stays in place).

/** Runs `work` with Ctrl-C and SIGTERM turned into an abort; the run stops after its current step. */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
