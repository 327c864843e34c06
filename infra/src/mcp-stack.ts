import * as cdk from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { CredentialsSecret } from './constructs/credentials-secret.js';
import { McpAlarms } from './constructs/mcp-alarms.js';
import { McpApi } from './constructs/mcp-api.js';
import { McpFunction } from './constructs/mcp-function.js';

export interface McpStackProps extends cdk.StackProps {
  /** The built Lambda bundle folder (apps/mcp-lambda/dist). */
  readonly bundleDir: string;
  /** @default 'prod' */
  readonly stageName?: string;
  /** @default all toolsets */
  readonly toolsets?: readonly string[];
  /** @default false */
  readonly readOnly?: boolean;
  /** @default none (no CORS) */
  readonly allowedOrigins?: readonly string[];
  /** Live-trading writes (deploy, stop, liquidate, commands). @default 'off' */
  readonly liveTrading?: 'off' | 'confirm' | 'on';
  /** How clients authenticate to the API: an API key, or IAM (SigV4). @default 'apiKey' */
  readonly auth?: 'apiKey' | 'iam';
  /** @default 1024 */
  readonly memorySize?: number;
  /** @default 29 s */
  readonly timeout?: cdk.Duration;
  /** @default no reservation */
  readonly reservedConcurrency?: number;
  /** @default 100 */
  readonly rateLimit?: number;
  /** @default 200 */
  readonly burstLimit?: number;
  /** @default no quota */
  readonly quota?: apigateway.QuotaSettings;
  /** @default 30 days */
  readonly logRetention?: logs.RetentionDays;
  /** @default no alarm notifications */
  readonly alarmEmail?: string;
}

/** Secret → function → API, with alarms: the whole deployment of the MCP server. */
export class McpStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props: McpStackProps) {
    super(scope, id, props);
    const stageName = props.stageName ?? 'prod';
    const credentials = new CredentialsSecret(this, 'Credentials', { secretName: `quantconnect-mcp/${stageName}/credentials` });
    const fn = new McpFunction(this, 'Server', {
      bundleDir: props.bundleDir,
      credentials: credentials.secret,
      memorySize: props.memorySize,
      timeout: props.timeout,
      reservedConcurrency: props.reservedConcurrency,
      logRetention: props.logRetention,
      toolsets: props.toolsets,
      readOnly: props.readOnly,
      allowedOrigins: props.allowedOrigins,
      liveTrading: props.liveTrading,
    });
    const api = new McpApi(this, 'Http', {
      handler: fn.function,
      stageName,
      rateLimit: props.rateLimit,
      burstLimit: props.burstLimit,
      auth: props.auth,
      quota: props.quota,
      allowedOrigins: props.allowedOrigins,
      accessLogRetention: props.logRetention,
    });
    new McpAlarms(this, 'Alarms', { api: api.api, function: fn.function, functionTimeout: fn.timeout, alarmEmail: props.alarmEmail });

    new cdk.CfnOutput(this, 'Endpoint', { value: api.endpoint, description: 'MCP endpoint: POST with the x-api-key header' });
    new cdk.CfnOutput(this, 'ApiKeyId', { value: api.apiKey.keyId, description: 'aws apigateway get-api-key --include-value --api-key <id>' });
    new cdk.CfnOutput(this, 'SecretName', { value: credentials.secret.secretName, description: 'Set {"userId", "apiToken"} here' });

    const acknowledge = (scope: Construct, id: string, reason: string) => cdk.Validations.of(scope).acknowledge({ id, reason });
    acknowledge(credentials.secret, 'AwsSolutions-SMG4', 'QuantConnect API tokens are issued and rotated in QuantConnect, not by AWS; the function re-reads the secret within 5 minutes of an update.');
    acknowledge(fn.function, 'AwsSolutions-L1', 'Node.js 22 is the runtime the bundle is built and tested for; moving runtimes is a deliberate change.');
    acknowledge(api.api, 'AwsSolutions-APIG2', 'The body is JSON-RPC, validated by the MCP server itself, which answers malformed requests with JSON-RPC errors.');
    acknowledge(api.api, 'AwsSolutions-APIG3', 'Attach a WAF web ACL to the stage where the account uses one; the API key and usage-plan throttling bound abuse meanwhile.');
    acknowledge(api.api, 'AwsSolutions-APIG4', 'Clients authenticate with an API key (x-api-key) bound to a usage plan; MCP clients cannot sign IAM requests or run Cognito flows.');
    acknowledge(
      api.api,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      "API Gateway's account-level CloudWatch logging role uses the AWS-managed push-to-CloudWatch policy, as AWS documents for stage logging.",
    );
    acknowledge(api.api, 'AwsSolutions-COG4', 'Clients authenticate with an API key; MCP clients cannot run a Cognito flow.');
  }
}
