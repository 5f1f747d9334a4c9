export { KinesisAgent, type FlowCheckpoint, type KinesisAgentOptions } from './agent.js';
export { type AgentMetrics, type DestinationMetrics } from './agentMetrics.js';
export { put, type AgentDestinations, type Outgoing, type PutRecordBatchOutput, type PutRecordsOutput } from './sender.js';
export { parseAgentConfig, validateAgentConfig, type AgentConfig, type ConfigIssue, type ConfigResult, type FlowConfig } from './config.js';
export {
  converter,
  converterChain,
  logFormatPatterns,
  LogFormats,
  parseLogLine,
  validateProcessingOptions,
  type Converter,
  type LogFormat,
  type ProcessingOption,
} from './processing.js';
export { FlowTailer, type FilePosition, type RawRecord, type ResumePoint } from './tailer.js';
export { globToRegExp, VirtualFileSystem, type FileStat, type RotateOptions } from './vfs.js';
export { JsonSyntaxError, parseJson } from './json.js';
