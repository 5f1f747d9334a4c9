/**
 * Ready-made record templates. They are ordinary templates (a learner can open and edit them).
 * The stock ticker follows the Kinesis Data Analytics demo record
 * `{"ticker_symbol":"AMZN","sector":"TECHNOLOGY","change":-0.93,"price":56.52}` with a random
 * walk per ticker; the application log is Apache's combined log format (one line per record,
 * not JSON) so the Kinesis Agent's COMBINEDAPACHELOG parser reads it.
 */
import type { KeyStrategy } from './keys.js';

export type PresetName = 'clickstream' | 'iot' | 'apacheLog' | 'stockTicker';

export interface Preset {
  readonly name: PresetName;
  readonly description: string;
  /** `json` records are one JSON object each; `line` records are text lines. */
  readonly format: 'json' | 'line';
  readonly template: string;
  readonly key: KeyStrategy;
}

const TICKERS: Record<string, [sector: string, start: number]> = {
  AAPL: ['TECHNOLOGY', 190],
  AMZN: ['RETAIL', 180],
  MSFT: ['TECHNOLOGY', 410],
  JPM: ['FINANCIAL', 195],
  XOM: ['ENERGY', 115],
  JNJ: ['HEALTHCARE', 155],
  KO: ['FOOD', 60],
  TSLA: ['AUTOMOBILE', 175],
};
const tickerNames = JSON.stringify(Object.keys(TICKERS));
const sectors = JSON.stringify(Object.fromEntries(Object.entries(TICKERS).map(([t, [s]]) => [t, s])));
const starts = JSON.stringify(Object.fromEntries(Object.entries(TICKERS).map(([t, [, p]]) => [t, p])));

const clickstream = `{"event_id":"{{random.uuid}}","user_id":"user-{{random.number(1,500)}}",\
"session_id":"{{faker.string.alphanumeric(12)}}",\
"event_type":"{{random.weightedArrayElement({"weights":[0.6,0.25,0.1,0.05],"data":["page_view","click","add_to_cart","purchase"]})}}",\
"page":"{{random.arrayElement(["/","/products","/products/1042","/products/1337","/products/1865","/cart","/checkout","/search"])}}",\
"referrer":"{{random.arrayElement(["https://www.google.com/","https://www.bing.com/","direct","https://t.co/"])}}",\
"device":"{{random.weightedArrayElement({"weights":[0.55,0.35,0.1],"data":["mobile","desktop","tablet"]})}}",\
"ip":"{{faker.internet.ipv4}}","timestamp":"{{date.now}}"}`;

const iot = `{{set d = random.number(1,50)}}{"device_id":"sensor-{{d}}",\
"temperature":{{walk(21.5, 0.01, d)}},"humidity":{{random.number(30,70)}},\
"battery":{{random.number(5,100)}},\
"status":"{{random.weightedArrayElement({"weights":[0.95,0.04,0.01],"data":["OK","WARN","FAIL"]})}}",\
"timestamp":"{{date.now}}"}`;

const apacheLog = `{{faker.internet.ipv4}} - {{random.weightedArrayElement({"weights":[0.8,0.2],"data":["-",faker.internet.username]})}} \
[{{date.now("DD/MMM/YYYY:HH:mm:ss ZZ")}}] \
"{{random.weightedArrayElement({"weights":[0.85,0.12,0.03],"data":["GET","POST","PUT"]})}} \
{{random.arrayElement(["/","/index.html","/products","/cart","/api/orders","/img/logo.png","/search?q=kinesis"])}} HTTP/1.1" \
{{random.weightedArrayElement({"weights":[0.85,0.07,0.06,0.02],"data":[200,304,404,500]})}} {{random.number(200,50000)}} \
"{{random.arrayElement(["-","https://www.google.com/","https://example.com/"])}}" "{{faker.internet.userAgent}}"`;

const stockTicker = `{{set t = random.arrayElement(${tickerNames})}}\
{{set p = price(lookup(t, ${starts}), 0.02, t)}}\
{"ticker_symbol":"{{t}}","sector":"{{lookup(t, ${sectors})}}","change":{{change(t)}},"price":{{p}}}`;

export const presets: Readonly<Record<PresetName, Preset>> = {
  clickstream: { name: 'clickstream', description: 'Web clickstream events (JSON), keyed by user.', format: 'json', template: clickstream, key: { kind: 'field', field: 'user_id' } },
  iot: { name: 'iot', description: 'IoT sensor telemetry (JSON), a temperature walk per device, keyed by device.', format: 'json', template: iot, key: { kind: 'field', field: 'device_id' } },
  apacheLog: { name: 'apacheLog', description: 'Web server access log lines (Apache combined log format), for the Kinesis Agent.', format: 'line', template: apacheLog, key: { kind: 'uuid' } },
  stockTicker: { name: 'stockTicker', description: 'Stock ticks in the Kinesis Data Analytics demo shape, a random walk per ticker.', format: 'json', template: stockTicker, key: { kind: 'template', template: '{{t}}' } },
};
