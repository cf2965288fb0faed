import { describe, expect, it } from 'vitest';
import { axisTicks, timelineLayout } from './timeline-layout.js';
import { timelineSvg } from './timeline.js';
import { HOSTILE_TABLE, reportFixture } from './test-support/report-fixture.js';

describe('timelineLayout', () => {
  it('puts each table in its worker lane, in milliseconds from the run start', () => {
    const layout = timelineLayout(reportFixture())!;
    expect(layout.lanes).toBe(3);
    expect(layout.spanMs).toBe(4000);
    expect(layout.bars.map((b) => [b.table, b.lane, b.startMs, b.endMs, b.status, b.retries])).toEqual([
      ['main.orders', 0, 200, 3800, 'succeeded', 0],
      ['main.broken', 1, 250, 1900, 'failed', 2],
      [`main.${HOSTILE_TABLE}`, 2, 300, 1200, 'succeeded', 0],
    ]);
    expect(layout.unplaced).toEqual(['main.ghost']);
    expect(layout.firstStartMs).toBe(200);
    expect(layout.makespanMs).toBe(3600);
    expect(layout.busyMs).toEqual([3600, 1650, 900]);
  });

  it('has as many lanes as workers ran, even idle ones, and none without timings', () => {
    const fixture = reportFixture();
    expect(timelineLayout({ ...fixture, summary: { ...fixture.summary!, effectiveWorkers: 5 } })!.lanes).toBe(5);
    expect(timelineLayout({ ...fixture, summary: null })!.lanes).toBe(3);
    expect(timelineLayout({ ...fixture, timings: [] })).toBeNull();
  });

  it('spans to the last table when the run recorded no end', () => {
    const fixture = reportFixture();
    expect(timelineLayout({ ...fixture, summary: { ...fixture.summary!, finishedAt: null } })!.spanMs).toBe(3800);
  });

  it('ticks at 1, 2 or 5 times a power of ten, from zero past the end', () => {
    expect(axisTicks(4000)).toEqual([0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000]);
    expect(axisTicks(90)).toEqual([0, 20, 40, 60, 80]);
    expect(axisTicks(1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});

describe('timelineSvg', () => {
  const svg = timelineSvg(timelineLayout(reportFixture())!).value;

  it('draws one lane per worker and one bar per table that ran', () => {
    expect(svg.match(/<g class="lane"/g)).toHaveLength(3);
    expect(svg.match(/<g class="bar /g)).toHaveLength(3);
    expect(svg).toContain('worker 1');
    expect(svg).toContain('worker 3');
  });

  it('marks failures by hatch and glyph and retries by a mark, not by colour alone', () => {
    const broken = svg.slice(svg.indexOf('data-table="main.broken"'));
    const bar = broken.slice(0, broken.indexOf('</g>'));
    expect(bar).toContain('fill="url(#hatch)"');
    expect(bar).toContain('✕ main.broken');
    expect(bar).toContain('↻ 2 retries');
    expect(bar).toContain('failed, 2 retries: relation &quot;broken&quot; &lt;does not exist&gt;');
  });

  it('says each lane’s share of busy time, so idle workers show', () => {
    expect(svg).toContain('100% busy');
    expect(svg).toContain('46% busy');
    expect(svg).toContain('25% busy');
  });
});
