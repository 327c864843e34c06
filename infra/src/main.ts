import * as cdk from 'aws-cdk-lib';
import cdkNag from 'cdk-nag';
import { fileURLToPath } from 'node:url';
import { McpStack } from './mcp-stack.js';

const app = new cdk.App();
const context = (key: string) => app.node.tryGetContext(key) as string | undefined;
const list = (value: string | undefined) => value?.split(',').map((item) => item.trim()).filter(Boolean);
const stageName = context('stage') ?? 'prod';
function liveTrading(value: string | undefined): 'off' | 'confirm' | 'on' {
  if (value === undefined || value === 'off' || value === 'confirm' || value === 'on') return value ?? 'off';
  throw new Error(`--context liveTrading must be off, confirm or on, got "${value}".`);
}

new McpStack(app, `QuantConnectMcp-${stageName}`, {
  bundleDir: context('bundleDir') ?? fileURLToPath(new URL('../../apps/mcp-lambda/dist', import.meta.url)),
  stageName,
  toolsets: list(context('toolsets')),
  readOnly: context('readOnly') === 'true',
  allowedOrigins: list(context('allowedOrigins')),
  liveTrading: liveTrading(context('liveTrading')),
  auth: context('auth') === 'iam' ? 'iam' : 'apiKey',
  reservedConcurrency: context('reservedConcurrency') ? Number(context('reservedConcurrency')) : undefined,
  alarmEmail: context('alarmEmail'),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
cdk.Validations.of(app).addPlugins(new cdkNag.AwsSolutionsChecks(app, { verbose: true }));
