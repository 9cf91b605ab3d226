/** bindings/: the only code that touches raw exports, pointers and memory views. */
export { Core, type LandscapeEval } from './core.js';
export { SgdynError, type SgdynErrorCode, type SgdynErrorDetails } from './errors.js';
export { requireExports } from './exports.js';
export { compileModule, compileResponse, setDefaultModuleLoader, type WasmSource, type DefaultModuleLoader } from './loader.js';
