import { describe, expect, it } from 'vitest';
import {
  clampToExtent,
  MIN_SPAN_MS,
  panBy,
  pxToMs,
  wheelZoomFactor,
  zoomAround,
  type Domain,
} from '../../renderer/src/lib/zoom';

const run: Domain = [0, 1000];

describe('pxToMs', () => {
  it.each([
    [0, 0],
    [400, 500],
    [800, 1000],
  ])('pixel %d of 800 over 0..1000 ms is %d ms', (px, ms) => {
    expect(pxToMs(run, 800, px)).toBe(ms);
  });
});

describe('zoomAround', () => {
  it.each<[string, Domain, number, number, Domain]>([
    ['in 2x about the middle', [0, 1000], 2, 500, [250, 750]],
    ['in 2x about the start keeps the start', [0, 1000], 2, 0, [0, 500]],
    ['in 4x about 800 keeps 800 at 80%', [0, 1000], 4, 800, [600, 850]],
    ['out 2x about the middle', [250, 750], 0.5, 500, [0, 1000]],
  ])('%s', (_name, domain, factor, anchor, expected) => {
    const [a, b] = zoomAround(domain, factor, anchor, run);
    expect(a).toBeCloseTo(expected[0]);
    expect(b).toBeCloseTo(expected[1]);
  });

  it('stops at the closest zoom', () => {
    const [a, b] = zoomAround([0, 1], 1e9, 0.5, run);
    expect(b - a).toBeCloseTo(MIN_SPAN_MS);
  });

  it('stops zooming out at four times the run', () => {
    const [a, b] = zoomAround(run, 1e-9, 500, run);
    expect(b - a).toBeCloseTo(4000);
  });
});

describe('panBy and clampToExtent', () => {
  it.each<[string, Domain, number, Domain]>([
    ['moves later', [0, 100], 50, [50, 150]],
    ['moves earlier', [500, 600], -100, [400, 500]],
    ['keeps half the view over the run on the left', [0, 100], -500, [-50, 50]],
    ['keeps half the view over the run on the right', [900, 1000], 500, [950, 1050]],
  ])('%s', (_name, domain, delta, expected) => {
    expect(panBy(domain, delta, run)).toEqual(expected);
  });

  it('leaves a domain inside reach as it is', () => {
    const d: Domain = [10, 20];
    expect(clampToExtent(d, run)).toBe(d);
  });
});

describe('wheelZoomFactor', () => {
  it('zooms in on wheel up, out on wheel down, and not at all on zero', () => {
    expect(wheelZoomFactor(-100, 0)).toBeGreaterThan(1);
    expect(wheelZoomFactor(100, 0)).toBeLessThan(1);
    expect(wheelZoomFactor(0, 0)).toBe(1);
  });

  it('treats line and page deltas as pixels', () => {
    expect(wheelZoomFactor(-3, 1)).toBeCloseTo(wheelZoomFactor(-48, 0));
    expect(wheelZoomFactor(-1, 2)).toBeCloseTo(wheelZoomFactor(-400, 0));
  });

  it('is symmetric: one notch in then out returns to the start', () => {
    expect(wheelZoomFactor(-100, 0) * wheelZoomFactor(100, 0)).toBeCloseTo(1);
  });
});
