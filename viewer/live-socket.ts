export interface LiveHandlers {
  binary(bytes: Uint8Array, socket: WebSocket): void;
  text(text: string): void;
  connected(up: boolean): void;
}

/**
 * The /live WebSocket, reopened after a drop with a backoff from 0.5 s up to 5 s (the bridge may
 * restart; the server re-sends the last surface, measurement and status on every connect).
 */
export function openLive(url: string, on: LiveHandlers): () => void {
  let delay = 500;
  let stopped = false;
  let socket: WebSocket | undefined;
  const connect = (): void => {
    socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      delay = 500;
      on.connected(true);
    };
    socket.onmessage = (e: MessageEvent<ArrayBuffer | string>) => {
      if (typeof e.data === 'string') on.text(e.data);
      else if (socket !== undefined) on.binary(new Uint8Array(e.data), socket);
    };
    socket.onclose = () => {
      on.connected(false);
      if (stopped) return;
      setTimeout(connect, delay);
      delay = Math.min(2 * delay, 5000);
    };
  };
  connect();
  return () => {
    stopped = true;
    socket?.close();
  };
}
