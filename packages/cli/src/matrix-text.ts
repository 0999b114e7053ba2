// Matrices as terminal text, and two of them side by side (the walkthrough shows each computed
// matrix beside the worked example's printed one).

export type Mat = readonly (readonly number[])[];

/** Each row as `[ a  b  c ]`, with every cell formatted by `cell` and right-aligned. */
export function matrixLines(m: Mat, cell: (v: number) => string): string[] {
  const texts = m.map((row) => row.map(cell));
  const width = Math.max(...texts.flat().map((t) => t.length));
  return texts.map((row) => `[ ${row.map((t) => t.padStart(width)).join('  ')} ]`);
}

/** Blocks of lines next to each other, each under its title, separated by `gap` spaces. */
export function sideBySide(blocks: readonly { title: string; lines: string[] }[], gap = 4): string {
  const widths = blocks.map((b) => Math.max(b.title.length, ...b.lines.map((l) => l.length)));
  const height = Math.max(...blocks.map((b) => b.lines.length));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join(' '.repeat(gap))
      .trimEnd();
  const rows = [line(blocks.map((b) => b.title))];
  for (let r = 0; r < height; r++) rows.push(line(blocks.map((b) => b.lines[r] ?? '')));
  return rows.join('\n');
}
