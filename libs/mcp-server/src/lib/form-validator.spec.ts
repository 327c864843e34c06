import { describe, expect, it } from 'vitest';
import { formValidator } from './form-validator.js';

const confirm = formValidator.getValidator({ type: 'object', properties: { confirm: { type: 'boolean', title: 'Send it' } }, required: ['confirm'] });
const form = formValidator.getValidator({
  type: 'object',
  properties: { name: { type: 'string' }, count: { type: 'integer' }, ratio: { type: 'number' }, side: { type: 'string', enum: ['buy', 'sell'] } },
});

describe('formValidator', () => {
  it.each<[string, unknown]>([
    ['a confirmation', { confirm: true }],
    ['a refusal', { confirm: false }],
  ])('accepts %s, returning the answer as data', (_name, answer) => {
    expect(confirm(answer)).toEqual({ valid: true, data: answer, errorMessage: undefined });
  });

  it.each<[string, unknown, string]>([
    ['null', null, 'the answer must be an object of form fields.'],
    ['a list', [true], 'the answer must be an object of form fields.'],
    ['a boolean', true, 'the answer must be an object of form fields.'],
    ['a missing required field', {}, 'confirm is required.'],
    ['a field of the wrong type', { confirm: 'yes' }, 'confirm must be a boolean.'],
    ['a field the form does not have', { confirm: true, also: 1 }, 'also is not a field of this form.'],
  ])('refuses %s, saying why', (_name, answer, errorMessage) => {
    expect(confirm(answer)).toEqual({ valid: false, data: undefined, errorMessage });
  });

  it('checks strings, integers, numbers and enums; optional fields may be left out', () => {
    expect(form({}).valid).toBe(true);
    expect(form({ name: 'a', count: 3, ratio: 0.5, side: 'sell' }).valid).toBe(true);
    expect(form({ name: 3 }).errorMessage).toBe('name must be a string.');
    expect(form({ count: 1.5 }).errorMessage).toBe('count must be an integer.');
    expect(form({ count: '1' }).errorMessage).toBe('count must be an integer.');
    expect(form({ ratio: Number.NaN }).errorMessage).toBe('ratio must be a number.');
    expect(form({ ratio: '0.5' }).errorMessage).toBe('ratio must be a number.');
    expect(form({ side: 'hold' }).errorMessage).toBe('side must be one of "buy", "sell".');
  });

  it('refuses a field whose schema is not a form field type', () => {
    const nested = formValidator.getValidator({ type: 'object', properties: { inner: { type: 'object' } } });
    expect(nested({ inner: {} }).errorMessage).toBe('inner: type "object" is not a form field type (string, number, integer or boolean).');
  });
});
