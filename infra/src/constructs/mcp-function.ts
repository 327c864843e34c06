import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface McpFunctionProps {
  /** The folder holding the built handler (`index.mjs`), deployed as is. */
  readonly bundleDir: string;
  readonly credentials: secretsmanager.ISecret;
  /** @default 1024 */
  readonly memorySize?: number;
  /** Matches API Gateway's 29 s integration limit. @default 29 s */
  readonly timeout?: cdk.Duration;
  /** @default no reservation */
  readonly reservedConcurrency?: number;
  /** @default 30 days */
  readonly logRetention?: logs.RetentionDays;
  /** Toolsets the deployed server offers. @default all */
  readonly toolsets?: readonly string[];
  /** Offer only read-only tools. @default false */
  readonly readOnly?: boolean;
  /** Browser origins for CORS. @default none */
  readonly allowedOrigins?: readonly string[];
  /** Live-trading writes: off (not offered), confirm or on. A Lambda cannot ask the user, so confirm acts as on. @default 'off' */
  readonly liveTrading?: 'off' | 'confirm' | 'on';
}

/** The MCP server's Lambda function, its log group and a role that can do nothing else. */
export class McpFunction extends Construct {
  readonly function: lambda.Function;
  readonly logGroup: logs.LogGroup;
  readonly timeout: cdk.Duration;

  constructor(scope: Construct, id: string, props: McpFunctionProps) {
    super(scope, id);
    this.timeout = props.timeout ?? cdk.Duration.seconds(29);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'QuantConnect MCP server: write its own logs, read its credentials secret.',
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.function = new lambda.Function(this, 'Function', {
      description: 'QuantConnect MCP server (stateless Streamable HTTP)',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(props.bundleDir),
      memorySize: props.memorySize ?? 1024,
      timeout: this.timeout,
      reservedConcurrentExecutions: props.reservedConcurrency,
      role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'quantconnect-mcp',
        QUANTCONNECT_SECRET_ID: props.credentials.secretArn,
        // End a QuantConnect call before the function itself times out, so the tool can say so.
        QUANTCONNECT_TIMEOUT_MS: String(Math.max(1_000, this.timeout.toMilliseconds() - 2_000)),
        MCP_TOOLSETS: props.toolsets?.join(',') ?? 'all',
        MCP_READ_ONLY: String(props.readOnly ?? false),
        MCP_ALLOWED_ORIGINS: (props.allowedOrigins ?? []).join(','),
        MCP_LIVE_TRADING: props.liveTrading ?? 'off',
      },
    });
    props.credentials.grantRead(this.function);
  }
}
