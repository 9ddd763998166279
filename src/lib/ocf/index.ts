export { OcfExit, OcfError, exitCodeName } from './exit-codes.js';
export { ocfIsTrue, parseOcfBoolean, parseTimeMs, parseInteger } from '../runtime/values.js';
export {
  declareParameters, parseParameters, readAsOcfIsTrue,
  type ParameterSpec, type ParameterValues, type ParameterProblem, type ReferenceReading,
} from '../runtime/parameters.js';
export { readCrmMeta, type CrmMeta } from './crm-meta.js';
export { Deadline } from '../runtime/deadline.js';
export { Logger, type LogLevel } from '../runtime/log.js';
export type { ActionSpec, OcfActionName } from './actions.js';
export { renderMetadataXml } from './metadata-xml.js';
export {
  defineOcfAgent, runOcfAgent, runOcfAction, agentMetadata, usageText,
  type ActionContext, type ActionHandler, type OcfAgentDefinition,
} from './agent.js';
