/** Pure building blocks of the Firehose simulation (no engine state here). */
export * from './objectKey';
export * from './buffering';
export * from './transform';
export * from './compression';
export * from './httpEndpoint';
export * from './splunk';
export * from './receivers';
