// What every test page of this folder does with its report: leaves it on `window` for the Node
// runner that polls it, runs the page's work, and marks the report done when the work ends, with
// the error's stack where it failed (the runner prints it).

/** The part of a page's report the runner waits on. */
export interface PageState {
  done: boolean;
  error?: string;
}

/** Publishes `report` as `window[key]`, runs `main`, and marks the report done when it settles. */
export function runPage<R extends PageState>(key: string, report: R, main: () => Promise<void>): void {
  (window as unknown as Record<string, R>)[key] = report;
  main().then(
    () => {
      report.done = true;
    },
    (error: Error) => {
      report.error = error.stack ?? error.message;
      report.done = true;
    },
  );
}
