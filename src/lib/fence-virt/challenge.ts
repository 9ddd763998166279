/**
 * The challenge-response of fence_virt's callback connection (`common/simple_auth.c`:
 * sock_challenge / sock_response). Both sides hold the shared key; either side proves it by
 * answering 64 random bytes C with H(key || C), zero-padded to 64 bytes. On the connection the
 * daemon opens to fence_xvm, the client challenges first and the daemon answers; then the
 * daemon challenges and checks the client's answer (`server/mcast.c`: connect_tcp).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Deadline } from '../runtime/deadline.js';
import { HASH_FIELD_SIZE, HashType, paddedDigest } from './protocol.js';
import type { SocketChannel } from './socket-channel.js';

export const CHALLENGE_SIZE = HASH_FIELD_SIZE;

export function challengeAnswer(type: Exclude<HashType, HashType.None>, key: Buffer, challenge: Buffer): Buffer {
  return paddedDigest(type, key, challenge);
}

/** Read the client's challenge and answer it. */
export async function answerChallenge(channel: SocketChannel, type: HashType, key: Buffer, deadline: Deadline): Promise<void> {
  if (type === HashType.None) return;
  const challenge = await channel.read(CHALLENGE_SIZE, deadline, 'reading the client\'s challenge');
  await channel.write(challengeAnswer(type, key, challenge), deadline, 'answering the client\'s challenge');
}

/** Challenge the client; false when its answer is wrong (it does not hold our key). */
export async function challengeClient(channel: SocketChannel, type: HashType, key: Buffer, deadline: Deadline): Promise<boolean> {
  if (type === HashType.None) return true;
  const challenge = randomBytes(CHALLENGE_SIZE);
  await channel.write(challenge, deadline, 'sending our challenge');
  const answer = await channel.read(CHALLENGE_SIZE, deadline, 'reading the client\'s answer to our challenge');
  return timingSafeEqual(answer, challengeAnswer(type, key, challenge));
}
