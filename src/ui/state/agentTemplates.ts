/** What the Kinesis Agent lab starts from: its files' line templates, the files, and agent.json templates. */
import { presets } from '../../core/generator/presets';
import type { SourceKind, SourceSettings } from './agentPersist';

/** The line each kind of file gets (generator template syntax). */
export const LINE_TEMPLATES: Readonly<Record<SourceKind, string>> = {
  apacheLog: presets.apacheLog.template,
  // Apache's common log format: no referer, no user agent.
  apacheCommon: `{{faker.internet.ipv4}} - - [{{date.now("DD/MMM/YYYY:HH:mm:ss ZZ")}}] \
"{{random.weightedArrayElement({"weights":[0.9,0.1],"data":["GET","POST"]})}} \
{{random.arrayElement(["/","/login","/account","/api/health"])}} HTTP/1.1" \
{{random.weightedArrayElement({"weights":[0.9,0.06,0.04],"data":[200,302,404]})}} {{random.number(100,9000)}}`,
  // A syslog line as rsyslog writes /var/log/messages (the SYSLOG format's timestamp, host, program[pid]: message).
  syslog: `{{date.now("MMM D HH:mm:ss")}} ip-10-0-1-17 \
{{random.arrayElement(["sshd","systemd","crond","kernel","dhclient"])}}[{{random.number(300,9999)}}]: \
{{random.arrayElement(["Accepted publickey for ec2-user from 10.0.0.5 port 52344 ssh2","Started Session 42 of user ec2-user.","(root) CMD (run-parts /etc/cron.hourly)","DHCPREQUEST on eth0 to 10.0.0.1 port 67","Out of memory: Kill process 4242 (java)"])}}`,
  appJson: `{"timestamp":"{{date.now}}",\
"level":"{{random.weightedArrayElement({"weights":[0.8,0.15,0.05],"data":["INFO","WARN","ERROR"]})}}",\
"logger":"{{random.arrayElement(["orders","payments","auth"])}}",\
"message":"{{random.arrayElement(["order placed","payment captured","login ok","cache miss"])}}",\
"latency_ms":{{random.number(1,900)}}}`,
  csv: `{{random.number(100000,999999)}},{{random.arrayElement(["AAPL","AMZN","MSFT","GOOG"])}},\
{{random.number(1,500)}},{{random.arrayElement(["BUY","SELL"])}}`,
};

export const DEFAULT_SOURCES: readonly SourceSettings[] = [
  { path: '/var/log/httpd/access_log', kind: 'apacheLog', perSecond: 5, growing: true, rotateEveryLines: 0 },
  { path: '/var/log/httpd/ssl_access_log', kind: 'apacheCommon', perSecond: 2, growing: false, rotateEveryLines: 0 },
  { path: '/var/log/messages', kind: 'syslog', perSecond: 2, growing: false, rotateEveryLines: 0 },
  { path: '/var/log/app/app.log', kind: 'appJson', perSecond: 2, growing: false, rotateEveryLines: 0 },
  { path: '/var/log/trades/trades.csv', kind: 'csv', perSecond: 2, growing: false, rotateEveryLines: 0 },
];

/** A whole agent.json to load: JSON has no comments, so each processing option is shown in one. */
export interface ConfigTemplate {
  readonly id: string;
  readonly label: string;
  text(stream: string, deliveryStream: string): string;
}

const pretty = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;
const logToJson = [{ optionName: 'LOGTOJSON', logFormat: 'COMBINEDAPACHELOG' }];

/** In the shapes of the AWS documentation's agent.json examples. */
export const CONFIG_TEMPLATES: readonly ConfigTemplate[] = [
  {
    id: 'apache',
    label: 'Apache access log → Kinesis stream (LOGTOJSON, COMBINEDAPACHELOG)',
    text: (stream) => pretty({
      'cloudwatch.emitMetrics': true,
      flows: [{ filePattern: '/var/log/httpd/access_log*', kinesisStream: stream, partitionKeyOption: 'RANDOM', maxBufferAgeMillis: 5000, dataProcessingOptions: logToJson }],
    }),
  },
  {
    id: 'common',
    label: 'Apache common log → Kinesis stream (LOGTOJSON, COMMONAPACHELOG)',
    text: (stream) => pretty({
      flows: [{ filePattern: '/var/log/httpd/ssl_access_log*', kinesisStream: stream, maxBufferAgeMillis: 5000, dataProcessingOptions: [{ optionName: 'LOGTOJSON', logFormat: 'COMMONAPACHELOG' }] }],
    }),
  },
  {
    id: 'syslog',
    label: 'Syslog → Kinesis stream (LOGTOJSON, SYSLOG)',
    text: (stream) => pretty({
      flows: [{ filePattern: '/var/log/messages*', kinesisStream: stream, maxBufferAgeMillis: 5000, dataProcessingOptions: [{ optionName: 'LOGTOJSON', logFormat: 'SYSLOG' }] }],
    }),
  },
  {
    id: 'csv',
    label: 'CSV file → Kinesis stream (CSVTOJSON)',
    text: (stream) => pretty({
      flows: [{
        filePattern: '/var/log/trades/trades.csv*', kinesisStream: stream, initialPosition: 'START_OF_FILE', maxBufferAgeMillis: 5000,
        dataProcessingOptions: [{ optionName: 'CSVTOJSON', customFieldNames: ['trade_id', 'ticker', 'quantity', 'side'], delimiter: ',' }],
      }],
    }),
  },
  {
    id: 'metadata',
    label: 'App log → Firehose delivery stream (ADDMETADATA)',
    text: (_stream, delivery) => pretty({
      flows: [{
        filePattern: '/var/log/app/app.log*', deliveryStream: delivery, maxBufferAgeMillis: 5000,
        dataProcessingOptions: [{ optionName: 'ADDMETADATA', timestamp: 'true', metadata: { host: 'web-01', env: 'prod' } }],
      }],
    }),
  },
  {
    id: 'both',
    label: 'Two flows: access log → stream, app log → Firehose',
    text: (stream, delivery) => pretty({
      flows: [
        { filePattern: '/var/log/httpd/access_log*', kinesisStream: stream, maxBufferAgeMillis: 5000, dataProcessingOptions: logToJson },
        { filePattern: '/var/log/app/app.log*', deliveryStream: delivery, maxBufferAgeMillis: 5000 },
      ],
    }),
  },
];

/** The default agent.json: the access log to `stream`, LOGTOJSON COMBINEDAPACHELOG. */
export const defaultConfig = (stream: string): string => CONFIG_TEMPLATES[0]!.text(stream, '');
