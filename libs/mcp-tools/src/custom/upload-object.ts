import * as z from 'zod';
import { lazy, redefine, type Tool, type ToolDefinition } from '../lib/tool-definition.js';

const input = lazy(() =>
  z.strictObject({
    organizationId: z.string().min(1),
    key: z.string().min(1),
    content: z.string(),
    encoding: z.enum(['text', 'base64']).optional(),
  }),
);

/**
 * upload_object takes JSON (a key and text or base64 content) and sends QuantConnect the
 * multipart/form-data it expects; a model cannot produce a binary form field itself.
 */
export function uploadObjectTool(generated: ToolDefinition): Tool {
  const definition = redefine(generated, {
    implementation: 'custom',
    description:
      'Upload an object to the Object Store of an organization under a key, replacing any object with that key. ' +
      'Give the content as text, or as base64 with encoding "base64" for binary data.',
    get inputSchema() {
      return input();
    },
    inputJsonSchema: {
      type: 'object',
      properties: {
        organizationId: { type: 'string', description: 'Id of the organization that owns the Object Store.' },
        key: { type: 'string', description: 'Key of the object, e.g. "models/weights.json".' },
        content: { type: 'string', description: 'Text, or base64 with encoding "base64".' },
        encoding: { type: 'string', enum: ['text', 'base64'], description: 'How content is encoded. Default "text".' },
      },
      required: ['organizationId', 'key', 'content'],
    },
  });
  const path = generated.endpoint?.path ?? '/object/set';
  return {
    definition,
    handler: async (args, context) => {
      const { organizationId, key, content, encoding } = input().parse(args);
      const bytes = encoding === 'base64' ? Buffer.from(content, 'base64') : Buffer.from(content, 'utf8');
      const answer = await context.qc.call(
        path,
        { organizationId, key, objectData: new Blob([bytes]) },
        { retry: generated.retry, signal: context.signal, encoding: 'multipart' },
      );
      return { kind: 'data', data: { ...(answer as Record<string, unknown>), key, bytes: bytes.length } };
    },
  };
}
