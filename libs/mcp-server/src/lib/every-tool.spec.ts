import { allTools, type JsonSchema } from '@qc-mcp/mcp-tools';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, qcApi, textOf } from '../testing/harness.js';

/** A valid value for a JSON Schema node, deterministic, so the exact body can be asserted. */
function sample(schema: JsonSchema, field: string): unknown {
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (Array.isArray(schema.anyOf)) return sample(schema.anyOf[0] as JsonSchema, field);
  switch (schema.type) {
    case 'string':
      return `${field}-value`;
    case 'integer':
      return 7;
    case 'number':
      return 1.5;
    case 'boolean':
      return true;
    case 'array':
      return [sample((schema.items as JsonSchema | undefined) ?? { type: 'string' }, field)];
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = (schema.required as string[] | undefined) ?? [];
      if (Object.keys(properties).length === 0) return { key: 'value' };
      return Object.fromEntries(required.map((name) => [name, sample(properties[name] ?? {}, name)]));
    }
    default:
      return `${field}-value`;
  }
}

/**
 * Values for arguments whose listing is a summary (the brokerage union) or that the server handles
 * itself (waits off, so one call is one request).
 */
const OVERRIDES: Readonly<Record<string, unknown>> = {
  brokerage: { id: 'QuantConnectBrokerage' },
  dataProviders: { QuantConnectBrokerage: { id: 'QuantConnectBrokerage' } },
  waitSeconds: 0,
  include: [],
  'create_optimization.parameters': [{ name: 'fast', min: 1, max: 5, step: 1 }],
  'estimate_optimization_time.parameters': [{ name: 'fast', min: 1, max: 5, step: 1 }],
  constraints: [{ target: 'TotalPerformance.PortfolioStatistics.SharpeRatio', operator: 'Greater', targetValue: 1 }],
  criteria: [{ input: 'moving average', type: 'Docs', count: 1 }],
};

/** Every argument a tool accepts, filled in: required and optional alike. */
function fullArguments(tool: string, schema: JsonSchema): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const value = (name: string, property: JsonSchema) =>
    `${tool}.${name}` in OVERRIDES ? OVERRIDES[`${tool}.${name}`] : name in OVERRIDES && name !== 'parameters' ? OVERRIDES[name] : sample(property, name);
  return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, value(name, property)]));
}

const generated = allTools.filter(({ definition }) => definition.implementation === 'generated');
/** Tools whose answer a view reshapes are checked on real bodies in views.spec.ts; here: the exact request. */
const plain = (name: string) => {
  const definition = generated.find((tool) => tool.definition.name === name)?.definition;
  return !definition?.view && !definition?.wait;
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('every generated tool', () => {
  it('covers every single-call JSON tool (upload_object is multipart, tested on its own)', () => {
    expect(generated.length).toBeGreaterThan(0);
    expect(generated.map((tool) => tool.definition.name)).not.toContain('upload_object');
  });

  it.each(generated.map((tool) => [tool.definition.name, tool.definition] as const))(
    '%s: sends its exact body to its endpoint, signed, and maps the answer',
    async (name, definition) => {
      const args = fullArguments(name, definition.inputJsonSchema);
      const injected = Object.fromEntries(Object.keys(definition.inject).map((field) => [field, 'Test Agent']));
      const sent = Object.fromEntries(Object.entries(args).filter(([field]) => !definition.localArguments.includes(field)));
      const answer = { success: true, tool: name, created: '2025-11-10 13:00:06', value: null };
      // An operation without a request body is sent none (not even {}).
      const expected = definition.endpoint?.hasBody === false ? (body: unknown) => body === '' || body === undefined : ({ ...sent, ...injected } as nock.DataMatcherMap);
      const scope = qcApi().post(`/api/v2${definition.endpoint?.path}`, expected).reply(200, answer);
      const { mcp, close } = await connect({ agentName: 'Test Agent' });
      const result = await mcp.callTool({ name, arguments: args });
      expect(result.isError, textOf(result)).toBeFalsy();
      if (plain(name)) {
        expect(textOf(result)).toBe(JSON.stringify(answer));
        expect(result.structuredContent).toEqual(answer);
      } else {
        expect(result.structuredContent).toMatchObject({ success: true });
      }
      expect(scope.isDone()).toBe(true);
      await close();
    },
  );
});
