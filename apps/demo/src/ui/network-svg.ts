// The Exercise 2 network drawn as an SVG that follows every step: the current weights on the
// edges (the updated ones after Update), each node's Z above it and δ below it for one chosen
// example, and after Backward the edges coloured by ∂L/∂W instead of by W. Positions come from
// layoutNetwork, which keeps every label clear of the others.

import type { Mat } from '@deltaml/conformance';
import { formatTerm, formatTruncated } from '../logic/format.js';
import { layoutNetwork, NODE_RADIUS } from '../logic/network-layout.js';

const SVG = 'http://www.w3.org/2000/svg';
/** colour-blind safe: blue for positive, vermilion for negative */
const POSITIVE = '#0072b2';
const NEGATIVE = '#c0392b';

function el(tag: string, attrs: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const sub = (n: number) => String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);

/** What the drawing shows at one moment of the step. */
export interface DrawingState {
  /** W₁ and W₂ as they are now (updated after Update) */
  readonly weights: readonly [Mat, Mat];
  /** ∂L/∂W₁ and ∂L/∂W₂ once Backward ran (colours the edges), else null */
  readonly gradients: readonly [Mat, Mat] | null;
  /** per layer 0…2: Z_l (X for l = 0), or null before Forward */
  readonly Z: readonly (Mat | null)[];
  /** per layer 1…2 at index l: δ_l, or null before Backward */
  readonly delta: readonly (Mat | null)[];
  /** which example (column) the node values are for */
  readonly example: number;
}

/** The drawing of `state`, with a text alternative that says what it shows. */
export function networkSvg(state: DrawingState): SVGSVGElement {
  const { weights, gradients, Z, delta, example: n } = state;
  const sizes = [weights[0][0].length, weights[0].length, weights[1].length];
  const nodeName = (l: number, i: number) => (l === 0 ? `x${sub(i + 1)}` : l === 1 ? `h${sub(i + 1)}` : 'ŷ');
  const layout = layoutNetwork(
    sizes,
    (l, i, j) => formatTruncated(weights[l - 1][i][j], 2),
    (l, i) => ({
      above: Z[l] ? `${l === 0 ? 'x' : 'Z'} ${formatTruncated(Z[l]![i][n], 3)}` : '',
      below: l > 0 && delta[l] ? `δ ${formatTerm(delta[l]![i][n])}` : '',
    }),
  );
  const svg = el('svg', {
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    class: 'network',
    role: 'img',
    'aria-labelledby': 'ex2-net-title ex2-net-desc',
  }) as SVGSVGElement;
  const colouring = gradients
    ? 'edges coloured by ∂L/∂W (blue positive, red negative)'
    : 'edges coloured by W';
  svg.append(
    el('title', { id: 'ex2-net-title' }, `The ${sizes.join('-')} network of Exercise 2, example ${n + 1}`),
  );
  svg.append(
    el(
      'desc',
      { id: 'ex2-net-desc' },
      `${colouring}. W₁ = ${JSON.stringify(weights[0])}, W₂ = ${JSON.stringify(weights[1])}.`,
    ),
  );
  const maxGrad = gradients ? Math.max(1e-12, ...gradients.flat(2).map(Math.abs)) : 1;
  for (const edge of layout.edges) {
    const w = weights[edge.layer - 1][edge.i][edge.j];
    const g = gradients?.[edge.layer - 1][edge.i][edge.j];
    const value = g ?? w;
    const strength = g === undefined ? Math.min(1, Math.abs(w)) : Math.abs(g) / maxGrad;
    svg.append(
      el('line', {
        x1: edge.x1,
        y1: edge.y1,
        x2: edge.x2,
        y2: edge.y2,
        stroke: value >= 0 ? POSITIVE : NEGATIVE,
        'stroke-width': 0.75 + 4 * strength,
        'stroke-opacity': 0.8,
        'data-edge': `W${edge.layer}-${edge.i}-${edge.j}`,
      }),
    );
  }
  for (const edge of layout.edges) {
    const { text, x, y } = edge.label;
    svg.append(el('text', { x, y: y + 4, class: 'weight' }, text));
  }
  layout.nodes.forEach((node, k) => {
    svg.append(el('circle', { cx: node.x, cy: node.y, r: NODE_RADIUS, class: 'node' }));
    svg.append(
      el('text', { x: node.x, y: node.y + 5, class: 'node-label' }, nodeName(node.layer, node.index)),
    );
    for (const text of [layout.above[k], layout.below[k]]) {
      if (text.text) svg.append(el('text', { x: text.x, y: text.y + 4, class: 'node-value' }, text.text));
    }
  });
  return svg;
}
