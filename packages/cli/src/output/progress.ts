// A spinner for waits that take a while (install's health wait, stop, restart, uninstall):
// nothing for a quick wait; after PROGRESS_DELAY_MS a spinner on a terminal, or one plain
// line when stderr is not a TTY (logs, CI, pipes never get control characters).

/** How long a wait runs before it is shown, in milliseconds. */
export const PROGRESS_DELAY_MS = 1000;
/** How often the spinner advances, in milliseconds. */
export const PROGRESS_FRAME_MS = 80;

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** Where progress goes: stderr, or a test's stand-in. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** Runs `task`; if it is still running after `delayMs`, shows `label` (spinner on a TTY, else one line) until it ends. */
export async function withProgress<T>(
  label: string,
  task: () => Promise<T>,
  options: { stream?: ProgressStream; delayMs?: number; frameMs?: number; quiet?: boolean } = {},
): Promise<T> {
  if (options.quiet) return task();
  const stream = options.stream ?? process.stderr;
  const tty = stream.isTTY === true;
  let frame = 0;
  let spinner: NodeJS.Timeout | undefined;
  const show = setTimeout(() => {
    if (!tty) {
      stream.write(`${label}…\n`);
      return;
    }
    const draw = () => stream.write(`\r${FRAMES[frame++ % FRAMES.length]} ${label}…`);
    draw();
    spinner = setInterval(draw, options.frameMs ?? PROGRESS_FRAME_MS);
    spinner.unref();
  }, options.delayMs ?? PROGRESS_DELAY_MS);
  show.unref();
  try {
    return await task();
  } finally {
    clearTimeout(show);
    if (spinner) {
      clearInterval(spinner);
      stream.write("\r\u001b[2K"); // clear the spinner line; the command prints its result next
    }
  }
}
