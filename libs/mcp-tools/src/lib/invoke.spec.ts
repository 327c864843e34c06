import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { asObject, generatedHandler, pendingMessage, requestBody, shape, splitArguments, waitNote } from './invoke.js';
import type { PendingRule, ToolContext, ToolDefinition } from './tool-definition.js';

/** A tool definition written out by hand; only what these functions read matters. */
const definition = (change: Partial<ToolDefinition> = {}): ToolDefinition => ({
  name: 'read_thing',
  title: 'Read a thing',
  description: 'Reads a thing.',
  toolset: 'projects',
  implementation: 'generated',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  retry: true,
  endpoint: { operationId: 'readThing', method: 'POST', path: '/things/read', contentType: 'application/json' },
  inject: {},
  inputSchema: z.record(z.string(), z.unknown()),
  inputJsonSchema: { type: 'object' },
  localArguments: [],
  ...change,
});

describe('asObject', () => {
  it('keeps an object and wraps anything else as { result }', () => {
    const answer = { success: true };
    expect(asObject(answer)).toBe(answer);
    expect(asObject([1, 2])).toEqual({ result: [1, 2] });
    expect(asObject(null)).toEqual({ result: null });
    expect(asObject('text')).toEqual({ result: 'text' });
  });
});

describe('pendingMessage', () => {
  const rule: PendingRule = { property: 'progress', message: 'Still preparing ({percent}); call again.' };
  it.each<[string, PendingRule | undefined, unknown, string | undefined]>([
    ['no rule', undefined, { progress: 0.5 }, undefined],
    ['an answer that is not an object', rule, [0.5], undefined],
    ['null', rule, null, undefined],
    ['the property missing', rule, { other: 1 }, undefined],
    ['the property null', rule, { progress: null }, undefined],
    ['a fraction', rule, { progress: 0.456 }, 'Still preparing (46%); call again.'],
    ['exactly 1 as a fraction', rule, { progress: 1 }, 'Still preparing (100%); call again.'],
    ['a percentage', rule, { progress: 37.4 }, 'Still preparing (37%); call again.'],
    ['a number as text', rule, { progress: '0.2' }, 'Still preparing (20%); call again.'],
    ['no number', rule, { progress: 'soon' }, 'Still preparing (not yet); call again.'],
    ['equals matching', { ...rule, property: 'status', equals: 'Loading' }, { status: 'Loading', progress: 0.1 }, 'Still preparing (10%); call again.'],
    ['equals not matching', { ...rule, property: 'status', equals: 'Loading' }, { status: 'Done', progress: 0.1 }, undefined],
    ['unless present', { ...rule, unless: 'chart' }, { progress: 0.5, chart: {} }, undefined],
    ['unless null', { ...rule, unless: 'chart' }, { progress: 0.5, chart: null }, 'Still preparing (50%); call again.'],
    ['unless absent', { ...rule, unless: 'chart' }, { progress: 0.5 }, 'Still preparing (50%); call again.'],
  ])('%s', (_name, pending, body, message) => {
    expect(pendingMessage(pending, body)).toBe(message);
  });
});

describe('splitArguments and requestBody', () => {
  it('keeps the server\'s own arguments out of what is sent', () => {
    expect(splitArguments({ localArguments: ['include', 'waitSeconds'] }, { projectId: 1, include: ['orders'], waitSeconds: 0 })).toEqual({
      sent: { projectId: 1 },
      local: { include: ['orders'], waitSeconds: 0 },
    });
  });

  it('adds injected configuration over the caller\'s value, and sends no body to an operation that takes none', () => {
    const context = { agentName: 'agent-x' };
    expect(requestBody(definition({ inject: { codeSourceId: 'agentName' } }), { projectId: 1, codeSourceId: 'mine' }, context)).toEqual({
      projectId: 1,
      codeSourceId: 'agent-x',
    });
    expect(requestBody(definition({ inject: { other: 'unknownSource' } }), { projectId: 1 }, context)).toEqual({ projectId: 1 });
    const noBody = definition({ endpoint: { operationId: 'readAccount', method: 'POST', path: '/account/read', contentType: 'application/json', hasBody: false } });
    expect(requestBody(noBody, {}, context)).toBeUndefined();
    expect(requestBody({ ...noBody, inject: { codeSourceId: 'agentName' } }, {}, context)).toEqual({ codeSourceId: 'agent-x' });
    expect(requestBody(definition(), {}, context)).toEqual({});
    expect(requestBody(definition({ endpoint: undefined }), { a: 1 }, context)).toEqual({ a: 1 });
  });
});

describe('shape', () => {
  const context = {} as ToolContext;
  it('answers "pending" with the rule\'s message and the data, before any view', async () => {
    const tool = definition({ pending: { property: 'progress', message: 'Loading {percent}' }, view: { name: 'report' } });
    expect(await shape(tool, { progress: 0.25 }, {}, {}, context)).toEqual({ kind: 'pending', message: 'Loading 25%', data: { progress: 0.25 } });
  });

  it('returns the answer as data without a view, and refuses a view that does not exist', async () => {
    expect(await shape(definition(), [1], {}, {}, context)).toEqual({ kind: 'data', data: { result: [1] } });
    await expect(shape(definition({ view: { name: 'nope' } }), {}, {}, {}, context)).rejects.toThrow("read_thing names view 'nope', which does not exist.");
  });
});

describe('waitNote', () => {
  const poll = definition({ name: 'read_compile' });
  it('says the job is over, with its status', () => {
    expect(waitNote('compile', poll, { answer: { state: 'BuildSuccess' }, done: true, waitedSeconds: 3 })).toEqual({ done: true, waitedSeconds: 3, status: 'BuildSuccess' });
  });

  it('says exactly what to call next when it is not, and why it stopped when a poll failed', () => {
    expect(
      waitNote('compile', poll, { answer: { state: 'InQueue' }, pollArgs: { projectId: 1, compileId: 'c-1' }, done: false, waitedSeconds: 15, pollFailure: 'HTTP 502' }),
    ).toEqual({
      done: false,
      waitedSeconds: 15,
      status: 'InQueue',
      next: 'The compile is still running (InQueue): call read_compile with {"projectId":1,"compileId":"c-1"}, or pass waitSeconds to wait longer.',
      pollFailure: "Could not check the compile's status (HTTP 502); it was started.",
    });
    expect(waitNote('unknown-job', poll, { answer: {}, done: false, waitedSeconds: 1 })).toEqual({
      done: false,
      waitedSeconds: 1,
      status: 'unknown',
      next: 'The unknown-job is still running (unknown): call read_compile, or pass waitSeconds to wait longer.',
    });
  });
});

describe('generatedHandler', () => {
  it('refuses, when built, a tool without an endpoint, with a missing view, or polling an unregistered tool', () => {
    expect(() => generatedHandler(definition({ endpoint: undefined }))).toThrow('read_thing has no endpoint; it needs a hand-written handler.');
    expect(() => generatedHandler(definition({ view: { name: 'nope' } }))).toThrow("read_thing names view 'nope', which does not exist.");
    expect(() => generatedHandler(definition({ wait: { job: 'compile', poll: 'read_compile', defaultSeconds: 1, maxSeconds: 2 } }))).toThrow(
      'read_thing waits by polling read_compile, which is not registered.',
    );
  });
});
