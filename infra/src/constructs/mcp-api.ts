import * as cdk from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface McpApiProps {
  readonly handler: lambda.IFunction;
  /** @default 'prod' */
  readonly stageName?: string;
  /** Steady-state requests per second of the usage plan. @default 100 */
  readonly rateLimit?: number;
  /** Burst of the usage plan. @default 200 */
  readonly burstLimit?: number;
  /** Requests per period for the API key. @default no quota */
  readonly quota?: apigateway.QuotaSettings;
  /** Browser origins for CORS. @default none: no preflight, no CORS headers (MCP clients are not browsers) */
  readonly allowedOrigins?: readonly string[];
  /** @default 30 days */
  readonly accessLogRetention?: logs.RetentionDays;
  /**
   * How clients authenticate: an API key (`x-api-key`, with the usage plan's throttle and quota),
   * or IAM (SigV4-signed requests, for teams whose clients can sign). @default 'apiKey'
   */
  readonly auth?: 'apiKey' | 'iam';
  /** Stage-wide throttle, whatever the key: requests per second and burst. @default 50 and 100 */
  readonly stageRateLimit?: number;
  readonly stageBurstLimit?: number;
}

const METHOD_NOT_ALLOWED = JSON.stringify({
  jsonrpc: '2.0',
  error: { code: -32000, message: 'Method not allowed: this server is stateless, send JSON-RPC with POST.' },
  id: null,
});

/**
 * A REST API with one resource: POST /mcp (API key required) proxies to the function; GET and
 * DELETE answer 405 from API Gateway itself, without invoking it.
 */
export class McpApi extends Construct {
  readonly api: apigateway.RestApi;
  readonly apiKey: apigateway.IApiKey;
  readonly usagePlan: apigateway.UsagePlan;
  readonly endpoint: string;

  constructor(scope: Construct, id: string, props: McpApiProps) {
    super(scope, id);
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.accessLogRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: cdk.RemovalPolicy.DESTROY,
    });
    this.api = new apigateway.RestApi(this, 'Api', {
      description: 'QuantConnect MCP server',
      apiKeySourceType: apigateway.ApiKeySourceType.HEADER,
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: cdk.RemovalPolicy.DESTROY,
      deployOptions: {
        stageName: props.stageName ?? 'prod',
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        // The standard fields plus who called: the API key id (or the IAM caller).
        accessLogFormat: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: apigateway.AccessLogField.contextRequestId(),
            ip: apigateway.AccessLogField.contextIdentitySourceIp(),
            caller: apigateway.AccessLogField.contextIdentityCaller(),
            user: apigateway.AccessLogField.contextIdentityUser(),
            apiKeyId: apigateway.AccessLogField.contextIdentityApiKeyId(),
            requestTime: apigateway.AccessLogField.contextRequestTime(),
            httpMethod: apigateway.AccessLogField.contextHttpMethod(),
            resourcePath: apigateway.AccessLogField.contextResourcePath(),
            status: apigateway.AccessLogField.contextStatus(),
            protocol: apigateway.AccessLogField.contextProtocol(),
            responseLength: apigateway.AccessLogField.contextResponseLength(),
          }),
        ),
        throttlingRateLimit: props.stageRateLimit ?? 50,
        throttlingBurstLimit: props.stageBurstLimit ?? 100,
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
      },
    });
    const origins = props.allowedOrigins ?? [];
    const mcp = this.api.root.addResource(
      'mcp',
      origins.length > 0
        ? {
            defaultCorsPreflightOptions: {
              allowOrigins: [...origins],
              allowMethods: ['POST', 'OPTIONS'],
              allowHeaders: ['Content-Type', 'Accept', 'Authorization', 'X-Api-Key', 'Mcp-Protocol-Version'],
              maxAge: cdk.Duration.minutes(10),
            },
          }
        : {},
    );
    const validator = this.api.addRequestValidator('BodyValidator', { validateRequestBody: true, validateRequestParameters: false });
    const iam = props.auth === 'iam';
    mcp.addMethod('POST', new apigateway.LambdaIntegration(props.handler, { proxy: true, allowTestInvoke: false }), {
      apiKeyRequired: !iam,
      ...(iam ? { authorizationType: apigateway.AuthorizationType.IAM } : {}),
      requestValidator: validator,
    });
    const notAllowed = new apigateway.MockIntegration({
      requestTemplates: { 'application/json': '{"statusCode": 405}' },
      passthroughBehavior: apigateway.PassthroughBehavior.NEVER,
      integrationResponses: [
        {
          statusCode: '405',
          responseTemplates: { 'application/json': METHOD_NOT_ALLOWED },
          responseParameters: { 'method.response.header.Allow': "'POST, OPTIONS'" },
        },
      ],
    });
    for (const method of ['GET', 'DELETE']) {
      mcp.addMethod(method, notAllowed, {
        methodResponses: [{ statusCode: '405', responseParameters: { 'method.response.header.Allow': true } }],
      });
    }
    this.usagePlan = this.api.addUsagePlan('UsagePlan', {
      description: 'Throttling for MCP clients',
      throttle: { rateLimit: props.rateLimit ?? 100, burstLimit: props.burstLimit ?? 200 },
      quota: props.quota,
      apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
    });
    this.apiKey = this.api.addApiKey('ApiKey', { description: 'Key for MCP clients (send it as x-api-key)' });
    this.usagePlan.addApiKey(this.apiKey);
    this.endpoint = this.api.urlForPath('/mcp');
  }
}
