/** A CLI command: its name, one-line summary, help text and entry point. */
export interface Command {
  name: string;
  summary: string;
  help: string;
  run(argv: readonly string[]): Promise<void>;
}
