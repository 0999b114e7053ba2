// The live loss curve of the Train panel, drawn with Chart.js (only the parts a line chart needs).

import {
  Chart,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip);

export class LossChart {
  readonly #chart: Chart<'line', { x: number; y: number }[]>;

  constructor(canvas: HTMLCanvasElement) {
    this.#chart = new Chart(canvas, {
      type: 'line',
      data: {
        datasets: [{ label: 'loss', data: [], borderColor: '#0072b2', borderWidth: 2, pointRadius: 0 }],
      },
      options: {
        animation: false,
        responsive: false,
        parsing: false,
        scales: {
          x: { type: 'linear', title: { display: true, text: 'step' }, min: 0 },
          y: { type: 'logarithmic', title: { display: true, text: 'loss over the whole dataset' } },
        },
      },
    });
  }

  add(step: number, loss: number): void {
    if (loss > 0) this.#chart.data.datasets[0].data.push({ x: step, y: loss }); // log scale: > 0 only
  }

  draw(): void {
    this.#chart.update('none');
  }

  clear(): void {
    this.#chart.data.datasets[0].data = [];
    this.#chart.update('none');
  }
}
