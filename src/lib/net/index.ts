export { findExecutable } from './find-executable.js';
export { fpingArguments, parseFpingErrors, parseFpingOutput, type FpingPlan, type FpingVerdict } from './fping.js';
export { parsePingSummary, pingArguments, type PingPlan, type PingSummary } from './ping.js';
export { parseProbeOptions, ProbeOptionsError, type ProbeTool } from './probe-options.js';
export {
  probeGraceMs, probeHosts, ProbeToolError,
  type HostProbeResult, type ProbeReport, type ProbeSettings, type RunCommand,
} from './probe-hosts.js';
export { hostNameProblem, literalFamily, resolveHosts, splitHostList, type AddressFamily, type Lookup, type ResolvedHost, type ResolveOptions } from './resolve-hosts.js';
