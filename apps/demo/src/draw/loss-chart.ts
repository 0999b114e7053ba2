// The live loss curves of the Train panel, training and test, drawn with Chart.js (only the parts
// a line chart needs) on the OffscreenCanvas the training worker received, so drawing them costs
// the page's main thread nothing. The page tells the size; the curves keep at most MAX_POINTS
// points each (every other point is dropped when full), so a redraw stays cheap.

import {
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend);

/** Points per curve before thinning. */
const MAX_POINTS = 300;

type Point = { x: number; y: number };

/** Keeps every other point. */
function thin(points: Point[]): Point[] {
  return points.filter((_, i) => i % 2 === 0 || i === points.length - 1);
}

/** Training and test loss against the step. */
export class LossChart {
  readonly #chart: Chart<'line', Point[]>;

  constructor(canvas: OffscreenCanvas) {
    // Chart.js draws on an OffscreenCanvas in a worker (its docs' "OffscreenCanvas" section); its types name only page canvases
    this.#chart = new Chart(canvas as unknown as HTMLCanvasElement, {
      type: 'line',
      data: {
        datasets: [
          {
            label: 'training loss',
            data: [],
            borderColor: '#0072b2',
            backgroundColor: '#0072b2',
            borderWidth: 2,
            pointRadius: 0,
          },
          {
            label: 'test loss',
            data: [],
            borderColor: '#b35900',
            backgroundColor: '#b35900',
            borderWidth: 2,
            borderDash: [6, 3],
            pointRadius: 0,
          },
        ],
      },
      options: {
        animation: false,
        responsive: false, // no DOM in a worker: the page sends the size (resize)
        maintainAspectRatio: false,
        events: [],
        parsing: false,
        normalized: true,
        plugins: { legend: { display: true, labels: { color: '#222' } } },
        scales: {
          x: {
            type: 'linear',
            title: { display: true, text: 'step', color: '#222' },
            min: 0,
            ticks: { color: '#333' },
          },
          y: {
            type: 'logarithmic',
            title: { display: true, text: 'loss', color: '#222' },
            ticks: { color: '#333' },
          },
        },
      },
    });
  }

  /** Adds one point to each curve (a loss ≤ 0 cannot sit on a log scale and is left out). */
  add(step: number, train: number, test: number): void {
    const [trainSet, testSet] = this.#chart.data.datasets;
    if (train > 0) trainSet.data.push({ x: step, y: train });
    if (test > 0) testSet.data.push({ x: step, y: test });
    for (const set of this.#chart.data.datasets) if (set.data.length > MAX_POINTS) set.data = thin(set.data);
  }

  /** Fits the chart to `width` × `height` CSS pixels at `pixelRatio` device pixels each. */
  resize(width: number, height: number, pixelRatio: number): void {
    if (width <= 0 || height <= 0) return;
    this.#chart.options.devicePixelRatio = pixelRatio;
    this.#chart.resize(width, height);
  }

  /** Redraws now. */
  draw(): void {
    this.#chart.update('none');
  }

  /** Empties both curves. */
  clear(): void {
    for (const set of this.#chart.data.datasets) set.data = [];
    this.#chart.update('none');
  }
}
