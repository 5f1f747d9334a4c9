import { describe, expect, it } from 'vitest';
import { isAllowedEndpointUrl } from '../../core/firehose/endpointConfig';
import { chooseDestination, DEFAULT_DESTINATION, destinationProblem, destinationRequest, parseAttributes, SPLUNK_URL, TEST_ENDPOINT_URL } from './destinationForm';

const form = { ...DEFAULT_DESTINATION, sizeMiB: 1, intervalSeconds: 60 };
const s3 = { roleArn: 'arn:aws:iam::123456789012:role/r', bucketArn: 'arn:aws:s3:::b', prefix: 'p/', errorPrefix: 'errors/!{firehose:error-output-type}/', compression: 'GZIP' as const, processors: [] };

describe('the create form\'s destination', () => {
  it('prefills each partner\'s intake URL and a key its simulated receiver accepts, and fits the hints to the new ranges', () => {
    expect(chooseDestination(form, 'Datadog')).toMatchObject({ url: 'https://aws-kinesis-http-intake.logs.datadoghq.com/v1/input', accessKey: '0123456789abcdef0123456789abcdef', contentEncoding: 'GZIP' });
    expect(chooseDestination(form, 'NewRelic').url).toBe('https://aws-api.newrelic.com/firehose/v1');
    expect(chooseDestination(form, 'MongoDB').url).toMatch(/^https:\/\/webhooks\.mongodb-realm\.com\/api\/client\/v2\.0\/app\//);
    expect(chooseDestination(form, 'HttpEndpoint').url).toBe(TEST_ENDPOINT_URL);
    expect(chooseDestination({ ...form, sizeMiB: 100, intervalSeconds: 300 }, 'Splunk')).toMatchObject({ url: SPLUNK_URL, sizeMiB: 5, intervalSeconds: 60 });
  });

  it('says what is wrong in AWS\'s ranges; http:// only to this machine', () => {
    expect(destinationProblem({ ...form, destination: 'Splunk', url: SPLUNK_URL, accessKey: 't', intervalSeconds: 61 })).toMatch(/0 to 60 seconds/);
    expect(destinationProblem({ ...form, destination: 'HttpEndpoint', url: 'http://example.com/', sizeMiB: 1 })).toMatch(/^URL/);
    expect(destinationProblem({ ...form, destination: 'HttpEndpoint', url: 'http://127.0.0.1:9000/in' })).toBeUndefined();
    expect(destinationProblem({ ...form, destination: 'HttpEndpoint', url: TEST_ENDPOINT_URL, commonAttributes: '=x' })).toMatch(/Common attributes/);
    expect(isAllowedEndpointUrl('http://[::1]:8080/x')).toBe(true);
    expect(isAllowedEndpointUrl('http://localhost.evil.com/')).toBe(false);
    expect(parseAttributes(' env = dev , team=data,flag ')).toEqual([{ AttributeName: 'env', AttributeValue: 'dev' }, { AttributeName: 'team', AttributeValue: 'data' }, { AttributeName: 'flag', AttributeValue: '' }]);
  });

  it('builds the destination member of CreateDeliveryStream', () => {
    expect(destinationRequest(form, s3)).toEqual({ ExtendedS3DestinationConfiguration: { RoleARN: s3.roleArn, BucketARN: 'arn:aws:s3:::b', Prefix: 'p/', ErrorOutputPrefix: s3.errorPrefix, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 }, CompressionFormat: 'GZIP' } });
    const dd = destinationRequest({ ...chooseDestination(form, 'Datadog'), backupAll: true }, { ...s3, prefix: '' });
    expect(dd).toEqual({
      HttpEndpointDestinationConfiguration: {
        EndpointConfiguration: { Url: 'https://aws-kinesis-http-intake.logs.datadoghq.com/v1/input', Name: 'Datadog', AccessKey: '0123456789abcdef0123456789abcdef' },
        RequestConfiguration: { ContentEncoding: 'GZIP', CommonAttributes: [{ AttributeName: 'env', AttributeValue: 'classroom' }] },
        BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 }, RetryOptions: { DurationInSeconds: 300 }, S3BackupMode: 'AllData',
        S3Configuration: { RoleARN: s3.roleArn, BucketARN: 'arn:aws:s3:::b', ErrorOutputPrefix: s3.errorPrefix }, RoleARN: s3.roleArn,
      },
    });
    const sp = destinationRequest({ ...chooseDestination(form, 'Splunk'), hecEndpointType: 'Event' }, s3);
    expect(sp).toMatchObject({ SplunkDestinationConfiguration: { HECEndpoint: SPLUNK_URL, HECEndpointType: 'Event', HECAcknowledgmentTimeoutInSeconds: 180, S3BackupMode: 'FailedEventsOnly' } });
  });
});
