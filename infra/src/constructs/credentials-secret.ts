import * as cdk from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface CredentialsSecretProps {
  /** The secret's name. @default `quantconnect-mcp/<stage>/credentials` */
  readonly secretName?: string;
}

/**
 * The QuantConnect credentials, as one JSON secret `{ "userId", "apiToken" }`. It is created with
 * empty placeholders (no real value is ever in the template); set it after the first deploy.
 */
export class CredentialsSecret extends Construct {
  readonly secret: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: CredentialsSecretProps = {}) {
    super(scope, id);
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      secretName: props.secretName,
      description: 'QuantConnect API credentials for the MCP server: {"userId": "...", "apiToken": "..."}',
      secretObjectValue: {
        userId: cdk.SecretValue.unsafePlainText(''),
        apiToken: cdk.SecretValue.unsafePlainText(''),
      },
      removalPolicy: cdk.RemovalPolicy.RETAIN,
    });
  }
}
