/**
 * A uPlot chart. It only draws: every value arrives computed (by the core) in `spec`.
 * Title, axis labels with units and a legend are part of the chart; the data are also given as a
 * table (the text alternative), and the chart can be saved as a PNG.
 */
import { html, nothing, type PropertyValues } from 'lit';
import uPlot from 'uplot';
import { toCsv } from '../csv.js';
import { downloadDataUrl, downloadText, slug } from '../download.js';
import { num } from '../format.js';
import { legendItems, readout, styleWords, type LegendItem } from '../results/legend.js';
import { LightElement } from './base.js';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  dash?: number[];
  width?: number;
  /** Band edges are drawn thin and listed in the table, not emphasised. */
  role?: 'line' | 'band-edge';
}

export interface ChartSpec {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** Dates of the x axis (end of each week). */
  x: Date[];
  series: ChartSeries[];
  /**
   * Fill between two series, as indices into `series` (upper, lower). The legend lists a band
   * once, as `label` (default "5th–95th percentile band"), instead of its two edges.
   */
  bands?: { upper: number; lower: number; fill: string; label?: string }[];
  /** One sentence saying what the chart shows, for screen readers. */
  summary: string;
}

const HEIGHT = 260;

function sameValues(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two specs draw the same chart. */
export function sameSpec(a: ChartSpec | null | undefined, b: ChartSpec | null | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.id === b.id &&
    a.title === b.title &&
    a.x.length === b.x.length &&
    a.x[0]?.getTime() === b.x[0]?.getTime() &&
    a.series.length === b.series.length &&
    a.series.every(
      (s, i) =>
        s.label === b.series[i]!.label && s.color === b.series[i]!.color && sameValues(s.values, b.series[i]!.values),
    )
  );
}

/** A legend entry's sample, drawn as the chart draws it. */
function swatch(item: LegendItem) {
  return item.kind === 'band'
    ? html`<svg class="legend-swatch" width="28" height="14" aria-hidden="true">
        <rect x="1" y="2" width="26" height="10" fill=${item.fill} stroke=${item.edge} />
      </svg>`
    : html`<svg class="legend-swatch" width="28" height="14" aria-hidden="true">
        <line
          x1="1"
          y1="7"
          x2="27"
          y2="7"
          stroke=${item.color}
          stroke-width=${item.width}
          stroke-dasharray=${item.dash.length ? item.dash.join(' ') : 'none'}
        />
      </svg>`;
}

export class PwChart extends LightElement {
  static override properties = { spec: { attribute: false } };
  declare spec: ChartSpec | null;
  private plot: uPlot | null = null;
  private resize: ResizeObserver | null = null;

  constructor() {
    super();
    this.spec = null;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize?.disconnect();
    this.resize = null;
    this.plot?.destroy();
    this.plot = null;
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Parents build specs as they render: redraw only when what would be drawn has changed.
    if (changed.has('spec') && !(this.plot && sameSpec(changed.get('spec') as ChartSpec | null | undefined, this.spec)))
      this.draw();
    if (!this.resize) {
      this.resize = new ResizeObserver(() => {
        const w = this.plotWidth();
        if (this.plot && w > 0 && Math.abs(w - this.plot.width) > 1) this.plot.setSize({ width: w, height: HEIGHT });
      });
      this.resize.observe(this);
    }
  }

  private plotWidth(): number {
    const host = this.querySelector<HTMLElement>('.chart-plot');
    return Math.max(0, Math.floor(host?.clientWidth ?? 0));
  }

  private draw(): void {
    this.plot?.destroy();
    this.plot = null;
    const spec = this.spec;
    const host = this.querySelector<HTMLElement>('.chart-plot');
    if (!spec || !host) return;
    const data: uPlot.AlignedData = [spec.x.map((d) => d.getTime() / 1000), ...spec.series.map((s) => s.values)];
    const opts: uPlot.Options = {
      width: this.plotWidth() || 600,
      height: HEIGHT,
      // Counts start at zero, so the height of a line reads as its size.
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.05 : 1] } },
      // The legend is drawn below as HTML (line styles, one entry a band); the readout follows the cursor.
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      hooks: { setCursor: [(u) => this.showReadout(u.cursor.idx ?? null)] },
      series: [
        { label: spec.xLabel },
        ...spec.series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: s.width ?? (s.role === 'band-edge' ? 1 : 2),
          ...(s.dash ? { dash: s.dash } : {}),
          points: { show: false },
        })),
      ],
      axes: [
        { label: spec.xLabel, labelSize: 20, stroke: '#333', grid: { stroke: '#eee' }, space: 70 },
        { label: spec.yLabel, labelSize: 24, stroke: '#333', grid: { stroke: '#eee' }, size: 56 },
      ],
      bands: (spec.bands ?? []).map((b) => ({ series: [b.upper + 1, b.lower + 1] as [number, number], fill: b.fill })),
    };
    this.plot = new uPlot(opts, data, host);
    const canvas = host.querySelector('canvas');
    canvas?.setAttribute('aria-hidden', 'true');
    this.cursorIndex = null;
    this.showReadout(null);
  }

  /** The week the cursor (mouse or arrow keys) is on; null when it is off the chart. */
  private cursorIndex: number | null = null;

  private showReadout(index: number | null): void {
    this.cursorIndex = index;
    const out = this.querySelector('.chart-readout');
    if (!out || !this.spec) return;
    out.textContent =
      index === null
        ? 'Point at the chart, or focus it and use the arrow keys, to read its values.'
        : readout(this.spec, index);
  }

  /** Arrow keys walk the cursor week by week (Page Up/Down: four weeks; Home/End: the ends). */
  private onPlotKey(e: KeyboardEvent): void {
    const u = this.plot;
    const spec = this.spec;
    if (!u || !spec || spec.x.length === 0) return;
    const last = spec.x.length - 1;
    const at = this.cursorIndex ?? -1;
    const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, PageDown: 4, PageUp: -4 };
    let next: number;
    if (e.key in step) next = at < 0 ? (step[e.key]! > 0 ? 0 : last) : at + step[e.key]!;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = last;
    else return;
    e.preventDefault();
    next = Math.min(last, Math.max(0, next));
    const xs = u.data[0];
    const firstLine = spec.series.findIndex((s) => s.role !== 'band-edge');
    const y = (u.data[firstLine + 1] ?? u.data[1])?.[next];
    u.setCursor({
      left: u.valToPos(xs[next]!, 'x'),
      top: typeof y === 'number' ? u.valToPos(y, 'y') : u.over.clientHeight / 2,
    });
    // uPlot snaps the cursor to the nearest point; say where it is whatever the hook saw.
    this.showReadout(next);
  }

  /** The chart as a PNG: title, plot and legend drawn onto one canvas. */
  toPng(): string | null {
    const spec = this.spec;
    const plotCanvas = this.plot?.root.querySelector('canvas');
    if (!spec || !plotCanvas) return null;
    const ratio = plotCanvas.width / Math.max(1, this.plot!.width);
    const pad = 12 * ratio;
    const titleH = 28 * ratio;
    const items = legendItems(spec);
    const legendH = 22 * ratio * Math.ceil(items.length / 3);
    const out = document.createElement('canvas');
    out.width = plotCanvas.width + pad * 2;
    out.height = plotCanvas.height + titleH + legendH + pad * 2;
    const g = out.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, out.width, out.height);
    g.fillStyle = '#111';
    g.font = `600 ${15 * ratio}px system-ui, sans-serif`;
    g.textBaseline = 'top';
    g.fillText(spec.title, pad, pad);
    g.drawImage(plotCanvas, pad, pad + titleH);
    g.font = `${12 * ratio}px system-ui, sans-serif`;
    const colW = (out.width - pad * 2) / 3;
    items.forEach((item, i) => {
      const x = pad + (i % 3) * colW;
      const y = pad + titleH + plotCanvas.height + Math.floor(i / 3) * 22 * ratio + 6 * ratio;
      if (item.kind === 'band') {
        g.fillStyle = item.fill;
        g.fillRect(x, y + 1 * ratio, 22 * ratio, 12 * ratio);
        g.strokeStyle = item.edge;
        g.lineWidth = 1 * ratio;
        g.strokeRect(x, y + 1 * ratio, 22 * ratio, 12 * ratio);
      } else {
        g.strokeStyle = item.color;
        g.lineWidth = item.width * ratio;
        g.setLineDash(item.dash.map((d) => d * ratio));
        g.beginPath();
        g.moveTo(x, y + 7 * ratio);
        g.lineTo(x + 22 * ratio, y + 7 * ratio);
        g.stroke();
        g.setLineDash([]);
      }
      g.fillStyle = '#111';
      g.fillText(item.label, x + 28 * ratio, y);
    });
    return out.toDataURL('image/png');
  }

  private savePng() {
    const url = this.toPng();
    if (url && this.spec) downloadDataUrl(url, `${slug(this.spec.id)}.png`);
  }

  private csv(): string {
    const spec = this.spec!;
    return toCsv(
      [spec.xLabel, ...spec.series.map((s) => s.label)],
      spec.x.map((d, i) => [d.toISOString().slice(0, 10), ...spec.series.map((s) => s.values[i] ?? null)]),
    );
  }

  protected override render() {
    const spec = this.spec;
    if (!spec) return nothing;
    const titleId = `chart-${slug(spec.id)}-title`;
    // Provisional figures leave the weekly series out where the view drew none (the editor): an
    // empty chart, or "no weeks simulated", would say something false until the full run.
    if (spec.x.length === 0)
      return html`<figure class="chart chart-pending" aria-labelledby=${titleId}>
        <figcaption><span class="chart-title" id=${titleId}>${spec.title}</span></figcaption>
        <p class="chart-pending-note">
          Weekly figures come with the full run. The figures so far are totals from its first replications.
        </p>
      </figure>`;
    // The text alternative samples every fourth week (and the last) to stay readable.
    const rows = spec.x.map((d, i) => ({ d, i })).filter(({ i }) => i % 4 === 3 || i === spec.x.length - 1);
    return html`<figure class="chart" aria-labelledby=${titleId}>
      <figcaption>
        <span class="chart-title" id=${titleId}>${spec.title}</span>
        <span class="chart-actions">
          <button type="button" class="small" @click=${this.savePng}>PNG</button>
          <button
            type="button"
            class="small"
            @click=${() => downloadText(this.csv(), `${slug(spec.id)}.csv`, 'text/csv')}
          >
            CSV
          </button>
        </span>
      </figcaption>
      <p class="visually-hidden">${spec.summary}</p>
      <div
        class="chart-plot"
        role="img"
        tabindex="0"
        aria-label=${`${spec.title}. ${spec.summary} Use the arrow keys to read its values week by week.`}
        aria-describedby=${`${titleId}-readout`}
        @keydown=${this.onPlotKey}
      ></div>
      <ul class="chart-legend">
        ${legendItems(spec).map((item) => html`<li>${swatch(item)}${item.label}<span class="visually-hidden"> (${styleWords(item)})</span></li>`)}
      </ul>
      <p class="chart-readout" id=${`${titleId}-readout`} aria-live="polite"></p>
      <details class="chart-data">
        <summary>Chart data as a table</summary>
        <div class="table-scroll">
          <table class="data-table">
            <caption>
              ${spec.title} (every fourth week)
            </caption>
            <thead>
              <tr>
                <th scope="col">${spec.xLabel}</th>
                ${spec.series.map((s) => html`<th scope="col">${s.label}</th>`)}
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                ({ d, i }) =>
                  html`<tr>
                    <th scope="row">${d.toISOString().slice(0, 10)}</th>
                    ${spec.series.map((s) => html`<td class="num">${num(s.values[i])}</td>`)}
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </details>
    </figure>`;
  }
}
customElements.define('pw-chart', PwChart);

declare global {
  interface HTMLElementTagNameMap {
    'pw-chart': PwChart;
  }
}
