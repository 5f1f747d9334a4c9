/**
 * AWS wire shapes (PascalCase) of the kinesisanalytics v1 input schema — `SourceSchema` is what
 * CreateApplication's `InputSchema` and a reference data source's `ReferenceSchema` carry, and what
 * DiscoverInputSchema returns (botocore `kinesisanalytics/2015-08-14/service-2.json`).
 */

/** One column of the in-application stream: `Mapping` is a JSONPath (JSON) or absent (CSV, positional). */
export interface RecordColumn {
  Name: string;
  Mapping?: string;
  SqlType: string;
}

export interface RecordFormat {
  RecordFormatType: 'JSON' | 'CSV';
  MappingParameters?: {
    JSONMappingParameters?: { RecordRowPath: string };
    CSVMappingParameters?: { RecordRowDelimiter: string; RecordColumnDelimiter: string };
  };
}

export interface SourceSchema {
  RecordFormat: RecordFormat;
  RecordEncoding?: 'UTF-8';
  RecordColumns: RecordColumn[];
}
