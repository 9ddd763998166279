/**
 * The daemon's side of a fence_virt exchange once a request is accepted (`server/mcast.c`
 * connect_tcp and do_fence_request_tcp): connect to the address and port the client put in its
 * request, answer its challenge, challenge it in turn, then write the result. Every step has a
 * deadline; a client that never accepts, never answers or answers wrong is given up.
 */
import { connect, type Socket } from 'node:net';
import { Deadline } from '../runtime/deadline.js';
import { answerChallenge, challengeClient } from './challenge.js';
import { encodeHostEntry, HOST_LIST_END, type HostEntry } from './host-list.js';
import { FAMILY_IPV6, FenceResponse, type FenceRequest, type HashType } from './protocol.js';
import { ChannelError, SocketChannel } from './socket-channel.js';

/** As fence_virtd: 5 s to connect, 10 s for each side of the challenge-response. */
export const CONNECT_TIMEOUT_MS = 5000;
export const AUTH_TIMEOUT_MS = 10_000;
const ANSWER_WRITE_MS = 5000;

export class CallbackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallbackError';
  }
}

function openConnection(request: FenceRequest, deadline: Deadline): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: request.address, port: request.port, family: request.family === FAMILY_IPV6 ? 6 : 4 });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new CallbackError(`the client did not accept our connection to ${request.address} port ${request.port} within ${deadline.budgetMs / 1000} s`));
    }, deadline.remainingMs());
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      reject(new CallbackError(`cannot connect back to ${request.address} port ${request.port}: ${error.code ?? error.message}`));
    });
  });
}

export interface AnswerBody {
  readonly response: FenceResponse;
  /** For a list request: the domains, sent before the response byte. */
  readonly hosts?: readonly HostEntry[];
}

/** An authenticated connection to the requester, ready for the answer. */
export class Callback {
  private constructor(private readonly socket: Socket, private readonly channel: SocketChannel) {}

  /**
   * Connect back and authenticate both ways. Throws CallbackError when the client cannot be
   * reached or does not prove it holds the key.
   */
  static async open(request: FenceRequest, auth: HashType, key: Buffer): Promise<Callback> {
    const socket = await openConnection(request, new Deadline(CONNECT_TIMEOUT_MS));
    const channel = new SocketChannel(socket);
    try {
      await answerChallenge(channel, auth, key, new Deadline(AUTH_TIMEOUT_MS));
      if (!await challengeClient(channel, auth, key, new Deadline(AUTH_TIMEOUT_MS))) {
        throw new CallbackError('the client answered our challenge wrongly (a different key or auth hash?)');
      }
    } catch (error) {
      socket.destroy();
      if (error instanceof ChannelError) throw new CallbackError(`challenge-response failed: ${error.message}`);
      throw error;
    }
    return new Callback(socket, channel);
  }

  /** Write the answer and close. Throws CallbackError when the client is gone. */
  async answer(body: AnswerBody): Promise<void> {
    const deadline = new Deadline(ANSWER_WRITE_MS);
    try {
      if (body.hosts !== undefined) {
        const parts = [Buffer.from([FenceResponse.HostList]), ...body.hosts.map(encodeHostEntry), HOST_LIST_END, Buffer.from([body.response])];
        await this.channel.write(Buffer.concat(parts), deadline, 'sending the domain list');
      } else {
        await this.channel.write(Buffer.from([body.response]), deadline, 'sending the result');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline.remainingMs());
        this.socket.end(() => { clearTimeout(timer); resolve(); });
      });
    } catch (error) {
      if (error instanceof ChannelError) throw new CallbackError(error.message);
      throw error;
    } finally {
      this.socket.destroy();
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
