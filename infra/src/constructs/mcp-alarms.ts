import * as cdk from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface McpAlarmsProps {
  readonly api: apigateway.RestApi;
  readonly function: lambda.Function;
  readonly functionTimeout: cdk.Duration;
  /** Email that receives alarm notifications through an SNS topic. @default no topic */
  readonly alarmEmail?: string;
  /** p95 duration alarm at this share of the timeout. @default 0.8 */
  readonly durationThreshold?: number;
}

/** Alarms for what users would notice: server errors, function errors, slowness near the timeout, throttling. */
export class McpAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[];
  readonly topic?: sns.Topic;

  constructor(scope: Construct, id: string, props: McpAlarmsProps) {
    super(scope, id);
    const period = cdk.Duration.minutes(5);
    const common = { evaluationPeriods: 1, treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING };
    this.alarms = [
      props.api.metricServerError({ period, statistic: 'Sum' }).createAlarm(this, 'Api5xx', {
        ...common,
        alarmDescription: 'API Gateway answered 5xx',
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      }),
      props.function.metricErrors({ period, statistic: 'Sum' }).createAlarm(this, 'LambdaErrors', {
        ...common,
        alarmDescription: 'The MCP function failed (unhandled errors or timeouts)',
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      }),
      props.function.metricDuration({ period, statistic: 'p95' }).createAlarm(this, 'DurationNearTimeout', {
        ...common,
        alarmDescription: 'p95 duration is near the function timeout',
        threshold: Math.round(props.functionTimeout.toMilliseconds() * (props.durationThreshold ?? 0.8)),
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      }),
      props.function.metricThrottles({ period, statistic: 'Sum' }).createAlarm(this, 'LambdaThrottles', {
        ...common,
        alarmDescription: 'The MCP function was throttled',
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      }),
    ];
    if (props.alarmEmail) {
      this.topic = new sns.Topic(this, 'Topic', { displayName: 'QuantConnect MCP alarms', enforceSSL: true });
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
      for (const alarm of this.alarms) alarm.addAlarmAction(new actions.SnsAction(this.topic));
    }
  }
}
