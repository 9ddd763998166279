/**
 * One datagram's way through the daemon: structural check, signature, replay, who answers,
 * retransmission, callback with challenge-response both ways, the backend, the answer. Every
 * refusal is one log line saying why; nothing that goes wrong with one request stops the next.
 */
import type { RemoteInfo } from 'node:dgram';
import { Callback, CallbackError, type AnswerBody } from '../../lib/fence-virt/callback.js';
import { printable } from '../../lib/fence-virt/printable.js';
import { COMMAND_NAMES, FenceCommand, FenceResponse, parseRequest, verifyRequest, type FenceRequest } from '../../lib/fence-virt/protocol.js';
import { RequestHistory } from '../../lib/fence-virt/request-history.js';
import type { Logger } from '../../lib/runtime/index.js';
import type { ClusterView } from './cluster-view.js';
import type { DaemonConfig } from './config.js';
import type { XenhaBackend } from './xenha-backend.js';

/** More requests at once than this are dropped (fence_xvm retransmits them). */
export const MAX_CONCURRENT_REQUESTS = 64;

const RESPONSE_NAMES: Record<number, string> = {
  [FenceResponse.Success]: 'success', [FenceResponse.Fail]: 'failure', [FenceResponse.Off]: 'off', [FenceResponse.Permission]: 'permission denied',
};

export function describeRequest(request: FenceRequest): string {
  const command = COMMAND_NAMES[request.command as FenceCommand] ?? `command ${request.command}`;
  const domain = request.domain === '' ? '' : ` ${printable(request.domain)}`;
  return `${command}${domain} (seqno ${request.seqno}) from ${request.address} port ${request.port}`;
}

export class RequestHandler {
  private active = 0;
  private readonly history: RequestHistory;
  readonly settled: Set<Promise<void>> = new Set();

  constructor(private readonly config: DaemonConfig, private readonly key: Buffer | undefined,
    private readonly view: ClusterView, private readonly backend: XenhaBackend, private readonly log: Logger) {
    this.history = new RequestHistory({ replayWindowMs: config.xenha.replayWindowMs });
  }

  get activeRequests(): number {
    return this.active;
  }

  /** A datagram arrived on the multicast socket. */
  receive(datagram: Buffer, from: RemoteInfo): void {
    const parsed = parseRequest(datagram);
    if (!parsed.ok) {
      this.log.warn(`dropped a datagram from ${from.address} port ${from.port}: ${parsed.problem}`);
      return;
    }
    const request = parsed.request;
    const verified = verifyRequest(datagram, this.key, this.config.multicast.hash);
    if (!verified.ok) {
      this.log.warn(`refused ${describeRequest(request)} (sent from ${from.address}): ${verified.problem}`);
      return;
    }
    if (this.history.isReplay(request)) {
      this.log.warn(`refused ${describeRequest(request)} (sent from ${from.address}): a replay of a request already received (same signature)`);
      return;
    }
    if (this.active >= MAX_CONCURRENT_REQUESTS) {
      this.log.warn(`dropped ${describeRequest(request)}: ${this.active} requests are being handled already`);
      return;
    }
    this.active += 1;
    const work = this.handle(request).catch((error: unknown) => {
      this.log.err(`${describeRequest(request)}: ${error instanceof Error ? error.message : String(error)}`);
    }).finally(() => {
      this.active -= 1;
      this.settled.delete(work);
    });
    this.settled.add(work);
  }

  private async handle(request: FenceRequest): Promise<void> {
    const what = describeRequest(request);
    const snapshot = await this.view.read();
    if (snapshot.kind !== 'ok') {
      this.log.err(`not answering ${what}: the Dom0 cluster cannot be asked on this node (${snapshot.detail}); another Dom0 may answer`);
      return;
    }
    const decision = this.backend.decide(request, snapshot.status, snapshot.localNode);
    if (decision.kind === 'elsewhere') {
      this.log.debug(`${what}: ${decision.why}, ${decision.responder ?? 'another Dom0'} answers`);
      return;
    }
    const key = this.history.begin(request);
    if (key === undefined) {
      this.log.debug(`${what}: a retransmission of a request being handled or just answered; dropped`);
      return;
    }
    try {
      this.log.info(`${what}: answering`);
      let callback: Callback;
      try {
        callback = await Callback.open(request, this.config.multicast.auth, this.key ?? Buffer.alloc(0));
      } catch (error) {
        if (error instanceof CallbackError) {
          this.log.err(`${what}: not carried out: ${error.message}`);
          return;
        }
        throw error;
      }
      let body: AnswerBody;
      try {
        body = await this.backend.execute(request, decision);
      } catch (error) {
        this.log.err(`${what}: ${error instanceof Error ? error.message : String(error)}`);
        body = { response: FenceResponse.Fail };
      }
      try {
        await callback.answer(body);
        const listed = body.hosts ? ` (${body.hosts.length} domains)` : '';
        this.log.info(`${what}: answered ${RESPONSE_NAMES[body.response] ?? body.response}${listed}`);
      } catch (error) {
        this.log.err(`${what}: the answer (${RESPONSE_NAMES[body.response] ?? body.response}) could not be delivered: ${error instanceof Error ? error.message : String(error)}`);
      }
    } finally {
      this.history.finished(key);
    }
  }
}
