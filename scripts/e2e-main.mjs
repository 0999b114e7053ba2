// @ts-check
// The exit of every end-to-end script (the playground's and backend-webgpu's browser runs): the
// process exits with main's code, and a run that could not start or crashed prints its cause and
// the `e2e: 0 passed, 1 failed` line, so it counts as a failure and never as a silent pass. Imported
// by those scripts by its path from the repository root, like the other shared scripts here.

/**
 * Runs an end-to-end script's main and exits the process with its code (0 when every check passed).
 * @param {() => Promise<number>} main
 */
export function runE2eMain(main) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error(`e2e: could not run: ${error instanceof Error ? error.stack : error}`);
      console.log('e2e: 0 passed, 1 failed');
      process.exit(1);
    },
  );
}
