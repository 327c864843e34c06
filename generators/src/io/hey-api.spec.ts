import { describe, expect, it } from 'vitest';
import { causes, generateClientFiles } from './hey-api.js';

describe('the client generator', () => {
  it('says what failed, cause by cause', () => {
    const root = new TypeError('Cannot read properties of undefined (reading "type")');
    const error = new Error('Failed to parse $ref #/components/schemas/Gone', { cause: root });
    expect(causes(error)).toBe('Error: Failed to parse $ref #/components/schemas/Gone <- caused by TypeError: Cannot read properties of undefined (reading "type")');
    expect(causes('plain')).toBe('plain');
  });

  it('wraps a failure with where to look and its cause', async () => {
    await expect(generateClientFiles({ openapi: '3.0.0', paths: { '/x': { post: { requestBody: { $ref: '#/nope' } } } } } as never, '// t')).rejects.toThrow(
      /^The client generator \(@hey-api\/openapi-ts\) failed on the patched spec \(openapi\/\.patched\/openapi\.json\): \w*Error: /,
    );
  });
});
