// What every layer needs and no protocol owns: deadlines, the logger, value syntax, parameter
// declarations. Imports run one way: runtime <- helpers (exec, cluster, net, ssh, xen) <- {ocf, fence} <- agents.
export { Deadline, EXIT_MARGIN_MS } from './deadline.js';
export { Logger, type LogLevel } from './log.js';
export { clampTimeMs, formatSeconds, MAX_TIME_MS, ocfIsTrue, parseOcfBoolean, parseTimeMs, parseInteger } from './values.js';
export {
  declareParameters, parseParameters, parseParameterValues, parameterLongdesc, readAsOcfIsTrue,
  type ParameterSpec, type ParameterValues, type ParameterProblem, type ReferenceReading,
} from './parameters.js';
export { writeAllSync } from './output.js';
export { flattenLine, redactSecrets, toolOutputExcerpt } from './text.js';
