import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import cdkNag from 'cdk-nag';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { McpStack, type McpStackProps } from './mcp-stack.js';

const bundleDir = mkdtempSync(join(tmpdir(), 'qc-mcp-bundle-'));
writeFileSync(join(bundleDir, 'index.mjs'), 'export const handler = async () => ({ statusCode: 200 });\n');

function synth(props: Partial<McpStackProps> = {}) {
  const app = new cdk.App();
  const stack = new McpStack(app, 'Test', { bundleDir, ...props });
  return { app, stack, template: Template.fromStack(stack) };
}

const { template } = synth();
// Synthesized CloudFormation is untyped JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type CfnProps = Record<string, any>;
const resources = (type: string) => Object.values(template.findResources(type)) as { Properties: CfnProps }[];

describe('the Lambda function', () => {
  it('runs Node 22 on arm64 with 1024 MB and 29 s, from the built bundle as is', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 29,
      Handler: 'index.handler',
      LoggingConfig: Match.objectLike({ LogFormat: 'JSON' }),
      Environment: { Variables: Match.objectLike({ QUANTCONNECT_TIMEOUT_MS: '27000', MCP_TOOLSETS: 'all', MCP_READ_ONLY: 'false' }) },
    });
  });

  it('takes memory, timeout, reserved concurrency, toolsets and read-only mode as props', () => {
    const custom = synth({ memorySize: 512, timeout: cdk.Duration.seconds(20), reservedConcurrency: 5, toolsets: ['projects', 'backtests'], readOnly: true }).template;
    custom.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 512,
      Timeout: 20,
      ReservedConcurrentExecutions: 5,
      Environment: { Variables: Match.objectLike({ MCP_TOOLSETS: 'projects,backtests', MCP_READ_ONLY: 'true' }) },
    });
  });

  it('keeps its logs 30 days', () => {
    const groups = resources('AWS::Logs::LogGroup');
    expect(groups.length).toBe(2);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it('can only read its secret and write its own logs', () => {
    const statements = resources('AWS::IAM::Policy').flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((statement: { Action: string | string[] }) => [statement.Action].flat()).sort();
    expect(actions).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents', 'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'].sort());
    const secretGrant = statements.find((statement: { Action: string[] }) => [statement.Action].flat().includes('secretsmanager:GetSecretValue'));
    expect(secretGrant.Resource).toEqual({ Ref: expect.stringMatching(/^CredentialsSecret/) });
  });
});

describe('the secret', () => {
  it('is created with empty placeholders, never a real value', () => {
    const [secret] = resources('AWS::SecretsManager::Secret');
    expect(JSON.parse(secret?.Properties.SecretString)).toEqual({ userId: '', apiToken: '' });
    expect(secret?.Properties.Name).toBe('quantconnect-mcp/prod/credentials');
  });
});

describe('the API', () => {
  const methods = resources('AWS::ApiGateway::Method');
  const method = (verb: string) => methods.find((candidate) => candidate.Properties.HttpMethod === verb);

  it('requires an API key on POST /mcp, which proxies to the function', () => {
    expect(method('POST')?.Properties).toMatchObject({ ApiKeyRequired: true, Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' } });
  });

  it('answers GET and DELETE with 405 from API Gateway, without the function', () => {
    for (const verb of ['GET', 'DELETE']) {
      const integration = method(verb)?.Properties.Integration;
      expect(integration.Type).toBe('MOCK');
      expect(integration.IntegrationResponses[0]).toMatchObject({ StatusCode: '405', ResponseParameters: { 'method.response.header.Allow': "'POST, OPTIONS'" } });
    }
  });

  it('answers CORS preflight for the configured origins', () => {
    const preflight = synth({ allowedOrigins: ['https://app.example'] }).template;
    const options = (Object.values(preflight.findResources('AWS::ApiGateway::Method')) as { Properties: CfnProps }[]).find(
      (candidate) => candidate.Properties.HttpMethod === 'OPTIONS',
    );
    expect(JSON.stringify(options?.Properties.Integration)).toContain("'https://app.example'");
    expect(JSON.stringify(options?.Properties.Integration)).toContain('POST,OPTIONS');
  });

  it('throttles clients through a usage plan (100 rps, burst 200) with an optional quota', () => {
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', { Throttle: { RateLimit: 100, BurstLimit: 200 }, Quota: Match.absent() });
    synth({ quota: { limit: 10_000, period: cdk.aws_apigateway.Period.DAY } }).template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Quota: { Limit: 10000, Period: 'DAY' },
    });
    template.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
  });

  it('writes access logs to a log group, naming the calling API key', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HttpAccessLogs'), 'Arn'] }, Format: Match.stringLikeRegexp('"apiKeyId":"\\$context.identity.apiKeyId"') },
    });
  });

  it('throttles the whole stage too (50 rps, burst 100), whatever the key', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100, HttpMethod: '*', ResourcePath: '/*' })]),
    });
  });

  it('answers no CORS preflight unless origins are configured', () => {
    expect(resources('AWS::ApiGateway::Method').map((resource) => resource.Properties.HttpMethod).sort()).toEqual(['DELETE', 'GET', 'POST']);
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ MCP_ALLOWED_ORIGINS: '' }) } });
  });

  it('offers IAM (SigV4) authorization instead of the API key', () => {
    const iam = synth({ auth: 'iam' }).template;
    const post = (Object.values(iam.findResources('AWS::ApiGateway::Method')) as { Properties: CfnProps }[]).find((candidate) => candidate.Properties.HttpMethod === 'POST');
    expect(post?.Properties).toMatchObject({ AuthorizationType: 'AWS_IAM', ApiKeyRequired: false });
  });

  it('deploys with live trading off unless the context opts in', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ MCP_LIVE_TRADING: 'off' }) } });
    synth({ liveTrading: 'on' }).template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ MCP_LIVE_TRADING: 'on' }) } });
  });

  it('grants API Gateway invoke permission only with a source ARN', () => {
    const permissions = resources('AWS::Lambda::Permission');
    expect(permissions.length).toBeGreaterThan(0);
    for (const permission of permissions) {
      expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
      expect(permission.Properties.SourceArn).toBeDefined();
    }
  });
});

describe('alarms', () => {
  it('watch API 5xx, function errors, p95 duration near the timeout and throttles', () => {
    const alarms = resources('AWS::CloudWatch::Alarm').map((alarm) => alarm.Properties);
    expect(alarms.map((alarm) => alarm.MetricName).sort()).toEqual(['5XXError', 'Duration', 'Errors', 'Throttles']);
    expect(alarms.find((alarm) => alarm.MetricName === 'Duration')).toMatchObject({ ExtendedStatistic: 'p95', Threshold: 23200 });
    for (const alarm of alarms) expect(alarm.AlarmActions).toBeUndefined();
  });

  it('notify an SNS topic when an email is given', () => {
    const withTopic = synth({ alarmEmail: 'ops@example.com' }).template;
    withTopic.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
    const alarms = Object.values(withTopic.findResources('AWS::CloudWatch::Alarm')) as { Properties: { AlarmActions: unknown[] } }[];
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toHaveLength(1);
  });
});

describe('outputs', () => {
  it('give the endpoint URL, the API key id and the secret name', () => {
    expect(Object.keys(template.findOutputs('*'))).toEqual(expect.arrayContaining(['ApiKeyId', 'Endpoint', 'SecretName']));
    expect(JSON.stringify(template.findOutputs('Endpoint'))).toContain('/mcp');
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('passes, each acknowledgement carrying its reason', () => {
    const { app } = synth({ alarmEmail: 'ops@example.com' });
    cdk.Validations.of(app).addPlugins(new cdkNag.AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  it('fails when a finding is not acknowledged (the check really runs)', () => {
    const app = new cdk.App();
    const stack = new cdk.Stack(app, 'Bare');
    new cdk.aws_sns.Topic(stack, 'Unencrypted');
    cdk.Validations.of(app).addPlugins(new cdkNag.AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow();
  });
});
