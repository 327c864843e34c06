import type { jsonSchemaValidator, JsonSchemaValidatorResult } from '@modelcontextprotocol/sdk/validation';

type Schema = { readonly type?: unknown; readonly enum?: readonly unknown[]; readonly properties?: Record<string, Schema>; readonly required?: readonly string[] };

const invalid = (errorMessage: string): JsonSchemaValidatorResult<never> => ({ valid: false, data: undefined, errorMessage });

function fieldProblem(name: string, value: unknown, schema: Schema): string | undefined {
  const type = schema.type;
  const fits =
    type === 'string' ? typeof value === 'string'
    : type === 'boolean' ? typeof value === 'boolean'
    : type === 'number' ? typeof value === 'number' && Number.isFinite(value)
    : type === 'integer' ? Number.isInteger(value)
    : undefined;
  if (fits === undefined) return `${name}: type ${JSON.stringify(type)} is not a form field type (string, number, integer or boolean).`;
  if (!fits) return `${name} must be ${type === 'integer' ? 'an' : 'a'} ${type}.`;
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) return `${name} must be one of ${schema.enum.map((option) => JSON.stringify(option)).join(', ')}.`;
  return undefined;
}

/**
 * Checks a user's answer to a form (MCP elicitation), which the protocol limits to a flat object of
 * string, number, integer and boolean fields, with optional enums: that subset is all this checks.
 * The server's only form is the live-trading confirmation. It stands in for the SDK's default, Ajv,
 * which would otherwise be a quarter of every bundle that a cold start parses.
 */
export const formValidator: jsonSchemaValidator = {
  getValidator: <T>(schema: unknown) => {
    const form = schema as Schema;
    return (input: unknown): JsonSchemaValidatorResult<T> => {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return invalid('the answer must be an object of form fields.');
      const answer = input as Record<string, unknown>;
      for (const name of form.required ?? []) if (answer[name] === undefined) return invalid(`${name} is required.`);
      for (const [name, value] of Object.entries(answer)) {
        const field = form.properties?.[name];
        if (!field) return invalid(`${name} is not a field of this form.`);
        const problem = fieldProblem(name, value, field);
        if (problem) return invalid(problem);
      }
      return { valid: true, data: answer as T, errorMessage: undefined };
    };
  },
};
