// Imports the built Lambda bundle in this fresh process and invokes its handler with each event
// read from stdin (a JSON array), printing each result on a line that starts with RESULT:.
import { pathToFileURL } from 'node:url';

const [bundle] = process.argv.slice(2);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const events = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const { handler } = await import(pathToFileURL(bundle).href);
for (const [index, event] of events.entries()) {
  const context = { awsRequestId: `req-${index + 1}`, functionName: 'quantconnect-mcp', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:quantconnect-mcp', memoryLimitInMB: '1024', getRemainingTimeInMillis: () => 29_000 };
  const result = await handler(event, context);
  process.stdout.write(`RESULT:${JSON.stringify(result)}\n`);
}
