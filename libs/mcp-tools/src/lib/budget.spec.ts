import { describe, expect, it } from 'vitest';
import { atPointer, fitJson, jsonBytes, pageOf } from './budget.js';

const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

describe('jsonBytes', () => {
  it('counts UTF-8 bytes of compact JSON', () => {
    expect(jsonBytes({ a: 'é' })).toBe(10); // {"a":"é"} with é as two bytes
    expect(jsonBytes([1, 2])).toBe(5);
    expect(jsonBytes(undefined)).toBe(4);
  });
});

describe('fitJson', () => {
  it('returns a value that already fits unchanged, with nothing omitted', () => {
    const value = { a: [1, 2, 3], b: 'text' };
    expect(fitJson(value, 1_000)).toEqual({ value, omitted: [] });
  });

  it('keeps small members whole and cuts the large one, naming it by JSON Pointer', () => {
    const value = { statistics: { sharpe: '1.2', drawdown: '4%' }, series: Array.from({ length: 1_000 }, (_, index) => index) };
    const { value: fitted, omitted } = fitJson(value, 300);
    expect(size(fitted)).toBeLessThanOrEqual(300);
    expect((fitted as typeof value).statistics).toEqual({ sharpe: '1.2', drawdown: '4%' });
    const series = (fitted as typeof value).series;
    // The first items, in order.
    expect(series).toEqual(Array.from({ length: series.length }, (_, index) => index));
    expect(series.length).toBeGreaterThan(10);
    expect(omitted).toEqual([{ path: '/series', kept: `${series.length} of 1000 items` }]);
  });

  it('cuts a long string to a prefix and says how many characters were kept', () => {
    const { value, omitted } = fitJson({ report: 'x'.repeat(5_000) }, 1_000);
    const report = (value as { report: string }).report;
    expect(report).toBe('x'.repeat(report.length));
    expect(size(value)).toBeLessThanOrEqual(1_000);
    expect(report.length).toBeGreaterThan(900);
    expect(omitted).toEqual([{ path: '/report', kept: `${report.length} of 5000 characters` }]);
  });

  it('never splits a surrogate pair', () => {
    const { value } = fitJson('😀'.repeat(100), 50);
    expect(() => encodeURIComponent(value as string)).not.toThrow();
  });

  it('escapes / and ~ in pointers', () => {
    const { omitted } = fitJson({ 'a/b~c': 'y'.repeat(500) }, 100);
    expect(omitted[0]?.path).toBe('/a~1b~0c');
  });

  it('shares the budget between several large members instead of starving all but one', () => {
    const value = { first: 'a'.repeat(10_000), second: 'b'.repeat(10_000) };
    const { value: fitted } = fitJson(value, 2_000);
    const { first, second } = fitted as typeof value;
    expect(first.length).toBeGreaterThan(800);
    expect(second.length).toBeGreaterThan(800);
  });

  it('drops keys it has no room for, and says how many were kept', () => {
    const value = Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`key${index}`, 'v'.repeat(50)]));
    const { value: fitted, omitted } = fitJson(value, 500);
    const kept = Object.keys(fitted as object).length;
    expect(kept).toBeLessThan(100);
    expect(omitted.find((omission) => omission.path === '')).toEqual({ path: '', kept: `${kept} of 100 keys` });
  });

  it('holds its bound on every budget for a deep value', () => {
    const deep = { a: { b: { c: Array.from({ length: 300 }, (_, index) => ({ index, label: `item ${index}`, values: [index, index * 2] })) } }, note: 'n'.repeat(3_000) };
    for (const budget of [64, 200, 1_000, 5_000, 20_000]) expect(size(fitJson(deep, budget).value)).toBeLessThanOrEqual(budget);
  });
});

describe('fitJson, known answers at the boundaries', () => {
  it('keeps the longest string prefix whose JSON fits exactly, cut where a later surrogate pair does not matter', () => {
    expect(fitJson('abcdefghij', 7)).toEqual({ value: 'abcde', omitted: [{ path: '', kept: '5 of 10 characters' }] });
    expect(fitJson('abc😀', 4)).toEqual({ value: 'ab', omitted: [{ path: '', kept: '2 of 5 characters' }] });
  });

  it('leaves a value of exactly the budget alone', () => {
    expect(fitJson('abc', 5)).toEqual({ value: 'abc', omitted: [] });
  });

  it('keeps as many leading items as fit, commas counted', () => {
    expect(fitJson([1, 2, 3, 4, 5], 7)).toEqual({ value: [1, 2, 3], omitted: [{ path: '', kept: '3 of 5 items' }] });
  });

  it('cuts a first item that alone is too large when more than 16 bytes are left, else keeps no item', () => {
    expect(fitJson(['abcdefghijklmnopqrstuvwxyz'], 20)).toEqual({
      value: ['abcdefghijklmnop'],
      omitted: [
        { path: '', kept: '1 of 1 items' },
        { path: '/0', kept: '16 of 26 characters' },
      ],
    });
    expect(fitJson(['abcdefghijklmnopqrstuvwxyz'], 18)).toEqual({ value: [], omitted: [{ path: '', kept: '0 of 1 items' }] });
  });

  it('gives the small member what it needs and the large one the rest, and drops a member with no share', () => {
    expect(fitJson({ a: 'xxxxxxxxxx', b: 'y' }, 20)).toEqual({ value: { a: 'xxx', b: 'y' }, omitted: [{ path: '/a', kept: '3 of 10 characters' }] });
    expect(fitJson({ a: 'xxxxxxxxxx' }, 7)).toEqual({ value: {}, omitted: [{ path: '', kept: '0 of 1 keys' }] });
  });

  it('lists omissions by pointer, whatever order they were cut in', () => {
    const { omitted } = fitJson({ z: 'z'.repeat(100), a: 'a'.repeat(200) }, 100);
    expect(omitted.map((omission) => omission.path)).toEqual(['/a', '/z']);
  });

  it('replaces a number it cannot fit with null, saying nothing was kept', () => {
    expect(fitJson(123_456, 5)).toEqual({ value: null, omitted: [{ path: '', kept: 'nothing' }] });
  });

  it('when a first cut comes out over, cuts the original again, so omissions count what the original had', () => {
    // 16 bytes: {n: null, s: ""} is 17; 15: still 17; 14: n has no share left and is dropped.
    expect(fitJson({ n: 1_234_567_890, s: 'x' }, 16)).toEqual({
      value: { s: '' },
      omitted: [
        { path: '', kept: '1 of 2 keys' },
        { path: '/s', kept: '0 of 1 characters' },
      ],
    });
  });
});

describe('atPointer', () => {
  const value = { a: [{ 'x/y': 1 }, { b: 'c' }] };
  it('follows object keys and array indexes, unescaping ~1 and ~0', () => {
    expect(atPointer(value, '')).toBe(value);
    expect(atPointer(value, '/a/1/b')).toBe('c');
    expect(atPointer(value, '/a/0/x~1y')).toBe(1);
    expect(atPointer({ 'a~b': { '~1': 2 } }, '/a~0b/~01')).toBe(2);
  });
  it('is undefined where nothing is', () => {
    expect(atPointer(value, '/a/5/b')).toBeUndefined();
    expect(atPointer(value, '/a/1/b/c')).toBeUndefined();
  });
});

describe('pageOf', () => {
  it('returns a small value as its only page', () => {
    expect(pageOf([1, 2, 3], 1, 100)).toEqual({ page: 1, pages: 1, value: [1, 2, 3] });
  });

  it('splits an array into consecutive pages that together hold every item once', () => {
    const items = Array.from({ length: 1_000 }, (_, index) => ({ index }));
    const first = pageOf(items, 1, 2_000);
    expect(first.pages).toBeGreaterThan(1);
    const all = Array.from({ length: first.pages }, (_, index) => pageOf(items, index + 1, 2_000).value as unknown[]).flat();
    expect(all).toEqual(items);
  });

  it('pages an object by keys and a string by characters', () => {
    const object = Object.fromEntries(Array.from({ length: 50 }, (_, index) => [`k${index}`, 'v'.repeat(100)]));
    const pages = pageOf(object, 1, 1_000).pages;
    const keys = Array.from({ length: pages }, (_, index) => Object.keys(pageOf(object, index + 1, 1_000).value as object)).flat();
    expect(keys).toEqual(Object.keys(object));
    const text = 'abcdefghij'.repeat(1_000);
    const textPages = pageOf(text, 1, 1_000).pages;
    expect(Array.from({ length: textPages }, (_, index) => pageOf(text, index + 1, 1_000).value).join('')).toBe(text);
  });

  it('returns a number, a boolean or null whole, however small the page', () => {
    expect(pageOf(123_456_789, 2, 3)).toEqual({ page: 1, pages: 1, value: 123_456_789 });
    expect(pageOf(null, 1, 2)).toEqual({ page: 1, pages: 1, value: null });
    expect(pageOf(true, 1, 1)).toEqual({ page: 1, pages: 1, value: true });
  });

  it('clamps a page past the end to the last page', () => {
    const items = Array.from({ length: 100 }, (_, index) => index);
    const last = pageOf(items, 1_000, 50);
    expect(last.page).toBe(last.pages);
    expect((last.value as number[]).at(-1)).toBe(99);
  });
});
