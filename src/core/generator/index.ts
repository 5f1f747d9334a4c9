export { Generator, GeneratorSet, type GeneratedRecord, type GeneratorOptions } from './generator.js';
export { compileTemplate, TemplateError, type CompiledTemplate, type TemplatePosition } from './template.js';
export { newRenderState, createFaker, builtinHelperNames, type RenderState } from './helpers.js';
export { cumulative, rateAt, rateProblem, type RateShape } from './rates.js';
export { keyPicker, type KeyStrategy, type KeyPicker } from './keys.js';
export { presets, type Preset, type PresetName } from './presets.js';
export { formatDate } from './dateFormat.js';
