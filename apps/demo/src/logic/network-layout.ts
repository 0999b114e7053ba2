// Where the Exercise 2 drawing puts its nodes and its text: one column per layer, each node's Z
// above it and δ below it, and each weight's label somewhere along its edge where it overlaps no
// other text and no node (tried at a few positions along the edge, the first free one wins).
// Pure geometry, so a unit test can prove that no two labels overlap.

/** An axis-aligned box: x, y is the top-left corner. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A piece of text centred at (x, y) with its box. */
export interface Label {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly box: Box;
}

/** One node's centre. */
export interface NodePosition {
  readonly layer: number;
  readonly index: number;
  readonly x: number;
  readonly y: number;
}

/** One weight's edge, W_l[i][j] from node j of layer l−1 to node i of layer l, and its label. */
export interface EdgePosition {
  readonly layer: number;
  readonly i: number;
  readonly j: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly label: Label;
}

/** The whole drawing. */
export interface NetworkLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: NodePosition[];
  readonly edges: EdgePosition[];
  /** per node (same order as nodes): the text above (Z) and below (δ) */
  readonly above: Label[];
  readonly below: Label[];
}

/** Drawing constants, in SVG units. */
export const NODE_RADIUS = 15;
const CHAR_WIDTH = 6.2;
const TEXT_HEIGHT = 12;
const MARGIN_TOP = 34;
const MARGIN_BOTTOM = 34;
/** where along an edge a weight label may sit, tried in this order */
const LABEL_POSITIONS = [0.3, 0.7, 0.22, 0.78, 0.4, 0.6, 0.5, 0.15, 0.85];

/** The box of `text` centred at (x, y). */
export function textBox(text: string, x: number, y: number): Box {
  const width = text.length * CHAR_WIDTH + 2;
  return { x: x - width / 2, y: y - TEXT_HEIGHT / 2, width, height: TEXT_HEIGHT };
}

/** Whether two boxes share any area. */
export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

const label = (text: string, x: number, y: number): Label => ({ text, x, y, box: textBox(text, x, y) });

/**
 * Lays out layers of `sizes` (d_0 … d_L) with `weights[l-1][i][j]` printed on each edge by
 * `format`; `above`/`below` give each node's texts (layer, index) or '' for none.
 */
export function layoutNetwork(
  sizes: readonly number[],
  weightText: (layer: number, i: number, j: number) => string,
  nodeText: (layer: number, index: number) => { above: string; below: string },
  width = 480,
  height = 280,
): NetworkLayout {
  const columnX = (l: number) => 40 + (l * (width - 80)) / (sizes.length - 1);
  const inner = height - MARGIN_TOP - MARGIN_BOTTOM;
  const nodeY = (count: number, i: number) => MARGIN_TOP + ((i + 0.5) * inner) / count;
  const nodes: NodePosition[] = [];
  sizes.forEach((count, layer) => {
    for (let index = 0; index < count; index++)
      nodes.push({ layer, index, x: columnX(layer), y: nodeY(count, index) });
  });
  const above: Label[] = [];
  const below: Label[] = [];
  for (const node of nodes) {
    const text = nodeText(node.layer, node.index);
    above.push(label(text.above, node.x, node.y - NODE_RADIUS - 8));
    below.push(label(text.below, node.x, node.y + NODE_RADIUS + 9));
  }
  const taken: Box[] = [
    ...nodes.map((n) => ({
      x: n.x - NODE_RADIUS,
      y: n.y - NODE_RADIUS,
      width: 2 * NODE_RADIUS,
      height: 2 * NODE_RADIUS,
    })),
    ...[...above, ...below].filter((l) => l.text !== '').map((l) => l.box),
  ];
  const edges: EdgePosition[] = [];
  for (let layer = 1; layer < sizes.length; layer++) {
    for (let i = 0; i < sizes[layer]; i++) {
      for (let j = 0; j < sizes[layer - 1]; j++) {
        const x1 = columnX(layer - 1);
        const y1 = nodeY(sizes[layer - 1], j);
        const x2 = columnX(layer);
        const y2 = nodeY(sizes[layer], i);
        const text = weightText(layer, i, j);
        const candidates = LABEL_POSITIONS.map((t) => label(text, x1 + t * (x2 - x1), y1 + t * (y2 - y1)));
        const free = candidates.find((c) => !taken.some((box) => overlaps(c.box, box))) ?? candidates[0];
        taken.push(free.box);
        edges.push({ layer, i, j, x1, y1, x2, y2, label: free });
      }
    }
  }
  return { width, height, nodes, edges, above, below };
}

/** Every pair of overlapping labels (texts that are not empty), as [a, b] texts; empty when the drawing is clean. */
export function overlappingLabels(layout: NetworkLayout): [string, string][] {
  const all = [...layout.edges.map((e) => e.label), ...layout.above, ...layout.below].filter(
    (l) => l.text !== '',
  );
  const out: [string, string][] = [];
  for (let a = 0; a < all.length; a++) {
    for (let b = a + 1; b < all.length; b++)
      if (overlaps(all[a].box, all[b].box)) out.push([all[a].text, all[b].text]);
  }
  return out;
}
