// What-if previews: while a weight is dragged or a rule typed, the app is asked what the edit
// would do. One request is out at a time; edits made meanwhile are asked about once it returns,
// so an answer for an older edit is never drawn over the newest one.

/**
 * Returns `run`, to call after every edit.
 * - `wanted()`: whether the edit has anything to preview; if not, `clear()` then `draw()` at once.
 * - `ask()`: the app's answer for the edit as it stands now (a promise).
 * - `answered(answer)` / `failed(error)`: keep the outcome; `draw()` shows it.
 */
export function latestPreview({ wanted, ask, clear, answered, failed, draw }) {
  let inFlight = false;
  let queued = false;
  const run = async () => {
    if (!wanted()) {
      clear();
      draw();
      return;
    }
    if (inFlight) {
      queued = true;
      return;
    }
    inFlight = true;
    try {
      answered(await ask());
    } catch (e) {
      failed(e);
    } finally {
      inFlight = false;
    }
    if (queued) {
      queued = false;
      return run();
    }
    draw();
  };
  return run;
}
