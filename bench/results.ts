/** Shared by the benches: write a run's figures to bench/results/<name>.json (git-ignored). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), 'results');

export function writeResults(name: string, data: unknown): void {
  try {
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, `${name}.json`), JSON.stringify(data, null, 2) + '\n');
  } catch {
    // results/ is a convenience; the printed tables are the output.
  }
}
