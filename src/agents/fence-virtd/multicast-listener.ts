/**
 * The multicast socket fence_virtd's listener opens (`common/mcast.c` ipv4_recv_sk /
 * ipv6_recv_sk): bound to the port on every address, joined to the group on the configured
 * interface (or the one the routing table picks for the group).
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import type { MulticastSettings } from './config.js';

export type DatagramHandler = (datagram: Buffer, from: RemoteInfo) => void;

function membershipInterface(settings: MulticastSettings): string | undefined {
  if (settings.interface === undefined) return undefined;
  if (settings.family === 'ipv6') return `::%${settings.interface}`;
  const addresses = networkInterfaces()[settings.interface];
  if (addresses === undefined) throw new Error(`interface ${settings.interface} does not exist`);
  const ipv4 = addresses.find((address) => address.family === 'IPv4');
  if (ipv4 === undefined) throw new Error(`interface ${settings.interface} has no IPv4 address`);
  return ipv4.address;
}

/** `onError`: a socket error after start (logged; the socket keeps serving when it can). */
export function openMulticastListener(settings: MulticastSettings, onDatagram: DatagramHandler, onError: (error: Error) => void): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = settings.family === 'ipv6'
      ? createSocket({ type: 'udp6', reuseAddr: true, ipv6Only: true })
      : createSocket({ type: 'udp4', reuseAddr: true });
    const fail = (error: Error) => {
      socket.close();
      reject(new Error(`cannot listen on ${settings.address} port ${settings.port}${settings.interface ? ` on ${settings.interface}` : ''}: ${error.message}`));
    };
    socket.once('error', fail);
    socket.bind(settings.port, () => {
      try {
        socket.addMembership(settings.address, membershipInterface(settings));
      } catch (error) {
        const message = (error as Error).message;
        fail(new Error(/ENODEV/.test(message) && settings.interface === undefined
          ? `${message} (no route for the multicast group: set listeners/multicast/interface)` : message));
        return;
      }
      socket.off('error', fail);
      socket.on('error', onError);
      socket.on('message', onDatagram);
      resolve(socket);
    });
  });
}
