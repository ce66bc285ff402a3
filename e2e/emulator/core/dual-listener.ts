/**
 * Plain HTTP and HTTPS on one port. The first byte of a connection decides: 0x16 is a TLS
 * handshake record, so the socket goes to the TLS server; anything else is an HTTP request line.
 * Why: MSAL Node only accepts an https authority and the Graph SDK only sends bearer tokens to
 * https hosts (reference §11.3, §12), while a person's browser should reach the sign-in pages
 * without a certificate warning — so the browser-facing authorize URL is http on the same port.
 */
import http from "node:http";
import https from "node:https";
import net from "node:net";

export type DualListener = { port: number; close: () => Promise<void> };

export async function listenDual(options: {
  host: string;
  port: number;
  cert: string;
  key: string;
  handler: http.RequestListener;
}): Promise<DualListener> {
  const httpServer = http.createServer(options.handler);
  const httpsServer = https.createServer({ cert: options.cert, key: options.key }, options.handler);
  const sockets = new Set<net.Socket>();

  const front = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.once("data", (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === 0x16 ? httpsServer : httpServer).emit("connection", socket);
      process.nextTick(() => socket.resume());
    });
  });

  await new Promise<void>((resolve, reject) => {
    front.once("error", reject);
    front.listen(options.port, options.host, () => resolve());
  });
  const address = front.address();
  const port = typeof address === "object" && address ? address.port : options.port;

  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        httpServer.close();
        httpsServer.close();
        front.close(() => resolve());
      }),
  };
}
