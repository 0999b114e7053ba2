// The 2-3-1 network of Exercise 2 drawn as an SVG: inputs, the ReLU layer, the identity
// output, and every weight on its edge (blue positive, orange negative, width ∝ |w|).

import type { Mat } from '@deltaml/conformance';

const SVG = 'http://www.w3.org/2000/svg';

function el(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const subscript = (n: number) => String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);

/** Draws layers of sizes taken from W_1 (d_1 × d_0) and W_2 (d_2 × d_1). */
export function networkSvg(W1: Mat, W2: Mat): SVGSVGElement {
  const width = 360;
  const height = 220;
  const columns = [
    { x: 40, count: W1[0].length, name: (i: number) => `x${subscript(i + 1)}`, note: 'X' },
    { x: 180, count: W1.length, name: (i: number) => `h${subscript(i + 1)}`, note: 'relu' },
    { x: 320, count: W2.length, name: () => 'ŷ', note: 'identity' },
  ];
  const y = (count: number, i: number) => ((i + 1) * height) / (count + 1);
  const svg = el('svg', {
    viewBox: `0 0 ${width} ${height + 20}`,
    class: 'network',
    role: 'img',
  }) as SVGSVGElement;
  svg.append(el('title', {}, 'The 2-3-1 network of Exercise 2 with its weights'));
  const edges = [
    // labels sit where the edges into one node are far enough apart not to overlap
    { W: W1, from: columns[0], to: columns[1], name: 'W₁', at: 0.72 },
    { W: W2, from: columns[1], to: columns[2], name: 'W₂', at: 0.5 },
  ];
  for (const { W, from, to, name, at } of edges) {
    svg.append(el('text', { x: (from.x + to.x) / 2, y: 12, class: 'layer-label' }, name));
    W.forEach((row, i) =>
      row.forEach((w, j) => {
        const [x1, y1, x2, y2] = [from.x, y(from.count, j), to.x, y(to.count, i)];
        const color = w >= 0 ? '#0072b2' : '#e69f00';
        svg.append(
          el('line', { x1, y1, x2, y2, stroke: color, 'stroke-width': 0.5 + 4 * Math.min(1, Math.abs(w)) }),
        );
        svg.append(
          el('text', { x: x1 + at * (x2 - x1), y: y1 + at * (y2 - y1) - 3, class: 'weight' }, w.toFixed(2)),
        );
      }),
    );
  }
  for (const column of columns) {
    for (let i = 0; i < column.count; i++) {
      svg.append(el('circle', { cx: column.x, cy: y(column.count, i), r: 16, class: 'node' }));
      svg.append(el('text', { x: column.x, y: y(column.count, i) + 5, class: 'node-label' }, column.name(i)));
    }
    svg.append(el('text', { x: column.x, y: height + 14, class: 'layer-label' }, column.note));
  }
  return svg;
}
